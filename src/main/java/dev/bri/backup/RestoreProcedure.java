package dev.bri.backup;

import dev.bri.backup.RestoreProgress.Step;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The one restore procedure, used by the service ({@link RestoreService}) and the offline CLI ({@link OfflineBackups}):
 *
 * <ol>
 * <li><b>stage</b> the source next to the database and check it (a failed check refuses the restore, nothing
 * changed); done before writes are held, so a large source does not hold them;</li>
 * <li><b>hold writes</b>: close the write gate and wait for the writes already past it;</li>
 * <li><b>safety backup</b> of the live database: it holds every write acknowledged before the gate closed;</li>
 * <li><b>swap</b> with every connection closed (old -wal/-shm removed), <b>check</b> that the result opens and passes
 * {@code quick_check}, migrate, run the {@link RestoreHook}s, drop caches;</li>
 * <li>any failure in 4 puts the safety backup back the same way, inside the same closed section, so nobody ever
 * reads a half-restored database; then the held writes are released onto whatever database is in place.</li>
 * </ol>
 *
 * The caller holds the backup directory's lock.
 */
public final class RestoreProcedure {

    private static final Logger LOG = Logger.getLogger(RestoreProcedure.class);

    /** What a completed restore did. */
    public record Outcome(RestorePoint point, Verification verification, BackupMetadata safetyBackup) {
    }

    private final RestoreEnvironment environment;
    private final BackupStore store;
    private final List<RestoreHook> hooks;

    public RestoreProcedure(RestoreEnvironment environment, BackupStore store, List<RestoreHook> hooks) {
        this.environment = environment;
        this.store = store;
        this.hooks = hooks.stream().sorted(Comparator.comparingInt(RestoreHook::order)).toList();
    }

    public Outcome run(RestoreSource source, RestoreProgress progress) throws RestoreFailure {
        RestorePoint point = source.point();
        Path dbFile = environment.databaseFile();
        Path staged = dbFile.resolveSibling(".restore-" + point.id() + ".db");
        if (store.encryption().encrypts()) {
            // the safety backup is encrypted too, and a rollback must read it: no identity, no restore
            try {
                store.encryption().identity("the safety backup");
            } catch (dev.bri.encryption.AgeIdentity.IdentityException e) {
                throw new RestoreFailure(RestoreFailure.Outcome.NOT_STARTED, "restore of " + point.id()
                        + " did not start: local backups are encrypted and a rollback to the safety backup needs the "
                        + "identity: " + e.getMessage() + "; nothing was changed", null, null, e);
            }
        }
        try {
            Verification verification = stage(source, staged, progress);
            try (RestoreEnvironment.WriteHold hold = environment.holdWrites("restore of " + point.id())) {
                progress.step(Step.HOLD_WRITES, "writes held (reads served); the writes already running finished");
                BackupMetadata safety = safetyBackup(point, verification, progress);
                swap(point, verification, staged, safety, progress);
                progress.step(Step.DONE, "restored " + point.description() + "; safety backup " + safety.id());
                return new Outcome(point, verification, safety);
            } catch (RestoreFailure e) {
                throw e;
            } catch (Exception e) {
                throw new RestoreFailure(RestoreFailure.Outcome.NOT_STARTED, "restore of " + point.id()
                        + " did not start: " + e.getMessage() + "; nothing was changed", null, verification, e);
            }
        } finally {
            FileOps.deleteQuietly(staged);
        }
    }

    private Verification stage(RestoreSource source, Path staged, RestoreProgress progress) throws RestoreFailure {
        RestorePoint point = source.point();
        Verification verification;
        FileOps.deleteQuietly(staged);
        try {
            verification = source.stageInto(staged, progress);
        } catch (dev.bri.encryption.AgeIdentity.IdentityException e) {
            // not the backup's fault: nothing is recorded in its metadata
            throw new RestoreFailure(RestoreFailure.Outcome.NOT_STARTED, "restore of " + point.id()
                    + " did not start: " + e.getMessage() + "; nothing was changed", null, null, e);
        } catch (Exception e) {
            verification = new Verification(point.id(), Verification.FAILED, java.time.Instant.now().toString(),
                    e.getMessage());
        }
        verification = environment.recorded(point, verification);
        if (!verification.passed()) {
            throw new RestoreFailure(RestoreFailure.Outcome.REFUSED, "backup " + point.id()
                    + " failed verification, nothing was changed: " + verification.detail(), null, verification,
                    null);
        }
        progress.step(Step.STAGE, "staged " + staged.getFileName() + " and verified it: " + verification.detail());
        return verification;
    }

    private BackupMetadata safetyBackup(RestorePoint point, Verification verification, RestoreProgress progress)
            throws RestoreFailure {
        try {
            BackupMetadata safety = environment.safetyBackup();
            progress.step(Step.SAFETY_BACKUP, "safety backup " + safety.id() + " taken of the current database");
            return safety;
        } catch (Exception e) {
            throw new RestoreFailure(RestoreFailure.Outcome.NOT_STARTED, "restore of " + point.id()
                    + ": the safety backup failed (" + e.getMessage() + "); nothing was changed", null,
                    verification, e);
        }
    }

    private void swap(RestorePoint point, Verification verification, Path staged, BackupMetadata safety,
            RestoreProgress progress) throws RestoreFailure {
        List<Exception> failed = new ArrayList<>(1);
        boolean[] finished = new boolean[1];
        try {
            environment.withDatabaseClosed("restore", () -> {
                try {
                    putInPlace(staged, point, safety, hooks, progress);
                    finished[0] = true;
                } catch (Exception e) {
                    failed.add(e);
                    progress.step(Step.ROLLBACK, "restore failed after the swap (" + e.getMessage()
                            + "): putting safety backup " + safety.id() + " back");
                    LOG.errorf("restore.failed id=%s error=%s rolling_back_to=%s", point.id(), e.getMessage(),
                            safety.id());
                    rollBack(safety, progress);
                }
            });
        } catch (Exception e) {
            // the closed section itself failed (connections would not close), or the rollback did
            if (finished[0]) {
                LOG.warnf("restore.reopen_warning id=%s error=%s", point.id(), e.getMessage());
                return;
            }
            if (failed.isEmpty()) {
                // nothing was swapped when the section could not start; a failure inside it was caught above
                throw new RestoreFailure(RestoreFailure.Outcome.NOT_STARTED, "restore of " + point.id()
                        + " failed before the swap (" + e.getMessage() + "); nothing was changed", safety,
                        verification, e);
            }
            throw new RestoreFailure(RestoreFailure.Outcome.ROLLBACK_FAILED, "restore of " + point.id() + " failed ("
                    + failed.get(0).getMessage() + ") and rolling back to " + safety.id() + " failed too ("
                    + e.getMessage() + "): restore " + safety.id() + " by hand", safety, verification, e);
        }
        if (!failed.isEmpty()) {
            throw new RestoreFailure(RestoreFailure.Outcome.ROLLED_BACK, "restore of " + point.id() + " failed ("
                    + failed.get(0).getMessage() + "); the database was rolled back to safety backup " + safety.id(),
                    safety, verification, failed.get(0));
        }
    }

    /** Swap, check, migrate, hooks, caches: the restored database is ready when this returns. */
    private void putInPlace(Path staged, RestorePoint point, BackupMetadata safety, List<RestoreHook> toRun,
            RestoreProgress progress) throws Exception {
        Path dbFile = environment.databaseFile();
        RestoreFiles.swap(staged, dbFile);
        progress.step(Step.SWAP, "database replaced (connections closed, -wal/-shm removed)");
        String quickCheck = RestoreFiles.integrity(dbFile);
        if (!"ok".equals(quickCheck)) {
            throw new SQLException("quick_check after swap: " + quickCheck);
        }
        try {
            environment.migrate(dbFile);
        } catch (Exception e) {
            throw new SQLException("migration after swap failed: " + e.getMessage(), e);
        }
        progress.step(Step.CHECK, "reopened: quick_check ok, schema current");
        RestoreHook.Restored restored = restored(dbFile, point, safety);
        for (RestoreHook hook : toRun) {
            try {
                hook.afterRestore(restored);
            } catch (Exception e) {
                throw new IllegalStateException("restore hook " + hook.name() + " failed: " + e.getMessage(), e);
            }
            progress.step(Step.AFTER_RESTORE, hook.name() + " done");
        }
        environment.replaced("restore of " + point.id());
    }

    /** Puts the safety backup back; throws when that fails too (then the operator must restore it by hand). */
    private void rollBack(BackupMetadata safety, RestoreProgress progress) throws Exception {
        Path dbFile = environment.databaseFile();
        Path back = RestoreFiles.stage(store, safety, dbFile.resolveSibling(".restore-" + safety.id() + ".db"),
                RestoreProgress.NONE);
        try {
            RestoreFiles.swap(back, dbFile);
            String quickCheck = RestoreFiles.integrity(dbFile);
            if (!"ok".equals(quickCheck)) {
                throw new SQLException("quick_check of the rolled-back database: " + quickCheck);
            }
            environment.migrate(dbFile);
        } finally {
            FileOps.deleteQuietly(back);
        }
        RestoreHook.Restored rolledBack = restored(dbFile, RestorePoint.of(safety), safety);
        for (RestoreHook hook : hooks) {
            try {
                hook.afterRollback(rolledBack);
            } catch (Exception e) {
                LOG.errorf("restore.rollback_hook_failed hook=%s error=%s", hook.name(), e.getMessage());
            }
        }
        environment.replaced("rollback to " + safety.id());
        LOG.warnf("restore.rolled_back safety_backup=%s", safety.id());
        progress.step(Step.ROLLBACK, "rolled back to safety backup " + safety.id());
    }

    private static RestoreHook.Restored restored(Path dbFile, RestorePoint point, BackupMetadata safety) {
        return new RestoreHook.Restored() {
            @Override
            public Path databaseFile() {
                return dbFile;
            }

            @Override
            public RestorePoint point() {
                return point;
            }

            @Override
            public BackupMetadata safetyBackup() {
                return safety;
            }

            @Override
            public Connection connect() throws SQLException {
                return SqliteFiles.open(dbFile, false);
            }
        };
    }
}
