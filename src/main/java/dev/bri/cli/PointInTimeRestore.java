package dev.bri.cli;

import dev.bri.archive.OfflinePointInTime;
import dev.bri.archive.PointInTime;
import dev.bri.backup.OfflineBackups;
import dev.bri.erasure.ErasureLedger;
import dev.bri.erasure.LedgerDamagedException;
import dev.bri.erasure.LedgerEntry;
import dev.bri.erasure.LedgerReplay;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * {@code backup restore --at=TIME} without a service, from the archive in a backup directory: the local volume's, or
 * the chain {@code --from-s3} downloaded from the bucket into it (the same plan, checks and rebuild either way).
 */
final class PointInTimeRestore {

    /** Where the snapshot to fall back on lives when the archive does not cover a time: the command to restore it. */
    @FunctionalInterface
    interface SnapshotHint {
        Optional<String> restoreCommand(Instant before) throws Exception;
    }

    private PointInTimeRestore() {
    }

    /** Whether the backup directory holds a WAL archive (at least one committed chain). */
    static boolean archiveExists(Target target) {
        return !new dev.bri.archive.ArchiveStore(target.backupDir()).chains().isEmpty();
    }

    /** {@code at}: an RFC 3339 time or {@code latest}. */
    static Instant parse(String at) {
        return "latest".equals(at) ? null : BackupCommand.parseAt(at);
    }

    static int offline(Target target, String at, Path toFile, boolean dryRun, OfflineBackups backups) {
        return offline(target.dataDir(), target.backupDir(), target.ledgerDir(), parse(at), toFile, dryRun,
                before -> Optional.empty(), backups);
    }

    /**
     * Plans (and unless {@code dryRun} rebuilds) the state at {@code time} (null: the newest archived) into
     * {@code toFile} or into the empty data directory. {@code elsewhere} names a snapshot outside the backup directory
     * (the bucket's) when the archive does not cover the time and the directory has none before it. The erasure
     * ledger in {@code ledgerDir} is applied to the rebuilt file, as every restore does. With a database in the data
     * directory and {@code backups} given, the rebuild goes through the shared restore procedure
     * ({@link OfflineBackups#restore(dev.bri.backup.RestoreSource, dev.bri.backup.RestoreProgress)}: safety backup,
     * swap, check, its restore hooks (the erasure ledger among them), rollback); without {@code backups} an existing
     * database is refused.
     */
    static int offline(Path dataDir, Path backupDir, Path ledgerDir, Instant time, Path toFile, boolean dryRun,
            SnapshotHint elsewhere, OfflineBackups backups) {
        OfflinePointInTime pitr = new OfflinePointInTime(dataDir, backupDir);
        PointInTime.Plan plan;
        try {
            plan = pitr.plan(time);
        } catch (PointInTime.NotCoveredException e) {
            BackupCommand.ERR.println("refused: " + e.getMessage());
            if (e.newestSnapshotBefore().isPresent()) {
                BackupCommand.ERR.println("to restore that snapshot: bri-context backup restore "
                        + e.newestSnapshotBefore().get().id() + " --yes");
            } else {
                try {
                    elsewhere.restoreCommand(time).ifPresent(command -> BackupCommand.ERR.println(
                            "to restore the newest snapshot before it: " + command));
                } catch (Exception hintFailed) {
                    BackupCommand.ERR.println("(could not look for a snapshot before it: " + hintFailed.getMessage()
                            + ")");
                }
            }
            return Exit.FAILED;
        } catch (PointInTime.GapException e) {
            BackupCommand.ERR.println("refused: " + e.getMessage());
            return Exit.FAILED;
        } catch (Exception e) {
            BackupCommand.ERR.println("failed: " + e.getMessage());
            return Exit.FAILED;
        }
        BackupCommand.OUT.printf("plan: chain %s, base snapshot %s (%s), %d segment file(s), %d transaction(s); "
                + "state reached: commit of %s%n", plan.chain(), plan.baseBackupId(), plan.baseTakenAt(),
                plan.segments().size(), plan.transactions(), plan.reached());
        if (dryRun) {
            return Exit.OK;
        }
        if (toFile == null && backups != null && java.nio.file.Files.exists(pitr.databaseFile())) {
            // over an existing database: the one restore procedure (safety backup, swap, check, hooks, rollback)
            try {
                var outcome = backups.restore(pitr.source(plan),
                        (step, detail) -> BackupCommand.OUT.println("  " + detail));
                BackupCommand.OUT.println("restored the state at " + plan.reached() + " over " + pitr.databaseFile()
                        + " (safety backup " + outcome.safetyBackup().id() + ")");
                return Exit.OK;
            } catch (OfflineBackups.InUseException e) {
                BackupCommand.ERR.println("refused: " + e.getMessage());
                return Exit.BUSY;
            } catch (Exception e) {
                BackupCommand.ERR.println("failed: " + e.getMessage());
                return Exit.FAILED;
            }
        }
        // read before anything is written: a ledger damaged in its middle cannot say what was erased
        List<LedgerEntry> erasures;
        try {
            erasures = new ErasureLedger(ledgerDir).read().entries();
        } catch (LedgerDamagedException e) {
            BackupCommand.ERR.println("refused: " + e.getMessage() + " (nothing was changed)");
            return Exit.FAILED;
        } catch (Exception e) {
            BackupCommand.ERR.println("failed: erasure ledger: " + e.getMessage() + " (nothing was changed)");
            return Exit.FAILED;
        }
        try {
            long started = System.nanoTime();
            PointInTime.Rebuilt r = toFile != null ? pitr.toFile(plan, toFile) : pitr.intoDataDir(plan);
            BackupCommand.OUT.printf(java.util.Locale.ROOT, "rebuilt %s in %.2f s (replay %.2f s, checks %.2f s; "
                    + "%d bytes, sha256 %s, integrity_check ok, %d transaction(s) replayed, rows %s)%n", r.file(),
                    (System.nanoTime() - started) / 1e9, r.replayTook().toNanos() / 1e9,
                    r.checkTook().toNanos() / 1e9, r.bytes(), r.sha256(), r.transactionsApplied(), r.rowCounts());
            List<LedgerReplay.Applied> applied = reapply(r.file(), erasures);
            applied.forEach(BackupCommand::printReapplied);
            BackupCommand.OUT.printf("erasure ledger: %d record(s), %d erasure(s) made after that time applied "
                    + "again%n", erasures.size(), applied.size());
            return Exit.OK;
        } catch (OfflineBackups.InUseException e) {
            BackupCommand.ERR.println("refused: " + e.getMessage());
            return Exit.BUSY;
        } catch (PointInTime.GapException e) {
            BackupCommand.ERR.println("refused: " + e.getMessage());
            return Exit.FAILED;
        } catch (Exception e) {
            BackupCommand.ERR.println("failed: " + e.getMessage());
            return Exit.FAILED;
        }
    }

    /**
     * The erasures recorded after the rebuilt time: the archive still holds what they removed, the rebuilt file must
     * not (the same replay as every restore and start-up).
     */
    private static List<LedgerReplay.Applied> reapply(Path file, List<LedgerEntry> erasures) throws SQLException {
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + file)) {
            return LedgerReplay.apply(c, erasures);
        }
    }
}
