package dev.bri.cli;

import dev.bri.archive.OfflinePointInTime;
import dev.bri.archive.PointInTime;
import dev.bri.backup.OfflineBackups;
import java.nio.file.Path;
import java.time.Instant;

/** {@code backup restore --at=TIME} without a service: from the archive in --backup-dir alone. */
final class PointInTimeRestore {

    private PointInTimeRestore() {
    }

    /** Whether the backup directory holds a WAL archive (at least one committed chain). */
    static boolean archiveExists(Target target) {
        return !new dev.bri.archive.ArchiveStore(target.backupDir()).chains().isEmpty();
    }

    static int offline(Target target, String at, Path toFile, boolean dryRun) {
        Instant time = "latest".equals(at) ? null : BackupCommand.parseAt(at);
        OfflinePointInTime pitr = new OfflinePointInTime(target.dataDir(), target.backupDir());
        PointInTime.Plan plan;
        try {
            plan = pitr.plan(time);
        } catch (PointInTime.NotCoveredException e) {
            BackupCommand.ERR.println("refused: " + e.getMessage());
            e.newestSnapshotBefore().ifPresent(b -> BackupCommand.ERR.println("to restore that snapshot: "
                    + "bri-context backup restore " + b.id() + " --yes"));
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
        try {
            PointInTime.Rebuilt r = toFile != null ? pitr.toFile(plan, toFile) : pitr.intoDataDir(plan);
            BackupCommand.OUT.printf("rebuilt %s (%d bytes, sha256 %s, integrity_check ok, %d transaction(s) "
                    + "replayed, rows %s)%n", r.file(), r.bytes(), r.sha256(), r.transactionsApplied(),
                    r.rowCounts());
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
}
