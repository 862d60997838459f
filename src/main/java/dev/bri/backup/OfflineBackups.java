package dev.bri.backup;

import dev.bri.storage.DataDirectoryLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The backup operations on the files of a stopped service, without CDI or Quarkus (the CLI's offline mode). Each
 * operation that opens the database first makes sure no other process has it open, and holds the data directory's
 * lock while it works so the service cannot start meanwhile.
 */
public final class OfflineBackups {

    /** The database is open in another process (the service is probably running: use the HTTP mode). */
    public static final class InUseException extends Exception {
        public InUseException(Path db) {
            super("database " + db + " is open in another process (is the service running? use --url)");
        }
    }

    public record RestoreOutcome(BackupMetadata restored, BackupMetadata safety, Verification verification) {
    }

    private final Path dbFile;
    private final BackupStore store;
    private final BackupEngine.Options options;
    private final BackupEngine engine = new BackupEngine();
    private final BackupVerifier verifier = new BackupVerifier();
    private final List<RestoreHook> hooks;

    public OfflineBackups(Path dataDir, Path backupDir, boolean gzip, String appVersion) {
        this(dataDir, backupDir, gzip, appVersion, List.of());
    }

    /** @param hooks run on each restored database (see {@link RestoreHook}) */
    public OfflineBackups(Path dataDir, Path backupDir, boolean gzip, String appVersion, List<RestoreHook> hooks) {
        this(dataDir, backupDir, gzip, appVersion, hooks, LocalEncryption.OFF);
    }

    /** @param encryption of the snapshots on the backup volume (the CLI reads the service's environment variables) */
    public OfflineBackups(Path dataDir, Path backupDir, boolean gzip, String appVersion, List<RestoreHook> hooks,
            LocalEncryption encryption) {
        this.hooks = List.copyOf(hooks);
        this.dbFile = dataDir.resolve("bri.db").toAbsolutePath();
        this.store = new BackupStore(backupDir, encryption);
        this.options = new BackupEngine.Options(gzip, 1, appVersion);
    }

    public Path databaseFile() {
        return dbFile;
    }

    public BackupStore store() {
        return store;
    }

    private void requireIdle() throws IOException, InUseException {
        if (!Files.isRegularFile(dbFile)) {
            throw new IOException("no database at " + dbFile);
        }
        if (RestoreFiles.openByAnotherProcess(dbFile)) {
            throw new InUseException(dbFile);
        }
    }

    /**
     * Takes the data directory's lock, the one the service holds while it runs ({@link DataDirectoryLock}): for as
     * long as the CLI holds it the service cannot start and write into a database that is being copied or replaced.
     */
    private DataDirectoryLock lockDataDirectory() throws IOException, InUseException {
        requireIdle();
        try {
            return DataDirectoryLock.acquire(dbFile.getParent());
        } catch (DataDirectoryLock.InUseException e) {
            throw new InUseException(dbFile);
        }
    }

    /** Takes a backup (under the directory lock); throws {@link BackupBusyException} if one is running. */
    public BackupMetadata create(String trigger) throws IOException, SQLException, InUseException {
        return create(trigger, ByteProgress.NONE);
    }

    /** As above, telling {@code progress} how far the copy and the compression are. */
    public BackupMetadata create(String trigger, ByteProgress progress)
            throws IOException, SQLException, InUseException {
        BackupId id = BackupId.next(BackupKind.BACKUP, Instant.now());
        try (DataDirectoryLock dataLock = lockDataDirectory();
                BackupLock lock = BackupLock.acquire(store, id.value())) {
            store.cleanupTemporaries();
            return createLocked(id, trigger, progress);
        }
    }

    private BackupMetadata createLocked(BackupId id, String trigger, ByteProgress progress)
            throws IOException, SQLException {
        return engine.create(work -> {
            try (Connection c = SqliteFiles.open(dbFile, false)) {
                work.run(c);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, dbFile, store, id, trigger, options, progress);
    }

    public List<BackupMetadata> list() {
        return store.list();
    }

    public Optional<BackupMetadata> find(BackupId id) {
        return store.read(id);
    }

    /** Verifies one backup and records the result in its metadata. */
    public Verification verify(BackupId id) throws IOException {
        return verify(id, ByteProgress.NONE);
    }

    /** As above, telling {@code progress} how far the checks are. */
    public Verification verify(BackupId id, ByteProgress progress) throws IOException {
        Verification v = verifier.verify(store, id, progress);
        store.recordVerification(id, v);
        return v;
    }

    public List<Verification> verifyAll() throws IOException {
        return verifyAll(ByteProgress.NONE);
    }

    /** Every committed backup verified and recorded, plus every file that looks like a backup but is not one. */
    public List<Verification> verifyAll(ByteProgress progress) throws IOException {
        List<Verification> results = new ArrayList<>();
        for (BackupMetadata b : store.list()) {
            results.add(verify(b.backupId(), progress));
        }
        results.addAll(store.problems());
        return results;
    }

    public List<Retention.Decision> cleanup(RetentionPolicy policy) throws IOException {
        List<Retention.Decision> plan = Retention.plan(store.list(), policy, Instant.now());
        try (BackupLock lock = BackupLock.acquire(store, "cleanup-" + Instant.now().toEpochMilli())) {
            for (Retention.Decision d : plan) {
                if (!d.keep()) {
                    store.delete(d.backup().backupId());
                }
            }
        }
        return plan;
    }

    /**
     * The backup {@code id} names, else the newest regular backup taken at or before {@code at}, else the newest
     * ({@link BackupSelection}, the service's rule).
     */
    public BackupMetadata choose(BackupId id, Instant at) {
        return BackupSelection.choose(store, id, at);
    }

    /**
     * Restores {@code source} over the stopped service's database with {@link RestoreProcedure}: stage and verify,
     * safety backup, swap (removing -wal/-shm), integrity check, {@code hooks}; on failure after the swap the safety
     * backup is put back. Schema migrations run when the service next starts.
     */
    public RestoreOutcome restore(BackupMetadata source, RestoreProgress progress)
            throws IOException, InUseException, RestoreFailure {
        RestoreProcedure.Outcome outcome = restore(RestoreSource.backup(store, source), progress);
        return new RestoreOutcome(source, outcome.safetyBackup(), outcome.verification());
    }

    /**
     * Restores any source (a point-in-time rebuild from the WAL archive, say) over the stopped service's database
     * with the same {@link RestoreProcedure}: safety backup, swap, check, hooks, rollback on failure.
     */
    public RestoreProcedure.Outcome restore(RestoreSource source, RestoreProgress progress)
            throws IOException, InUseException, RestoreFailure {
        try (DataDirectoryLock dataLock = lockDataDirectory();
                BackupLock lock = BackupLock.acquire(store, "restore-" + source.point().id())) {
            return new RestoreProcedure(environment(progress), store, hooks).run(source, progress);
        }
    }

    /**
     * The CLI's side of a restore: no gate to close and no pool to drain (the database must not be open anywhere), so
     * it only checks again that no process opened the database meanwhile (the service started) before it copies or
     * swaps anything.
     */
    private RestoreEnvironment environment(RestoreProgress progress) {
        ByteProgress safetyProgress = (phase, done, total) -> progress.bytes(RestoreProgress.Step.SAFETY_BACKUP,
                done, total);
        return new RestoreEnvironment() {
            @Override
            public Path databaseFile() {
                return dbFile;
            }

            @Override
            public WriteHold holdWrites(String reason) throws IOException, InUseException {
                requireIdle();
                return () -> {
                };
            }

            @Override
            public BackupMetadata safetyBackup() throws IOException, SQLException {
                return createLocked(BackupId.next(BackupKind.SAFETY, Instant.now()), "cli", safetyProgress);
            }

            @Override
            public void withDatabaseClosed(String operation, ClosedWork work) throws Exception {
                requireIdle();
                work.run();
            }

            @Override
            public Verification recorded(RestorePoint point, Verification verification) {
                try {
                    store.recordVerification(new BackupId(point.id()), verification);
                } catch (IOException | RuntimeException e) {
                    // the result is still reported; only its record in the metadata is missing
                }
                return verification;
            }
        };
    }

    /** {@code ok} or the problems of {@code PRAGMA quick_check} on the database. */
    public String quickCheck() throws IOException, SQLException, InUseException {
        try (DataDirectoryLock dataLock = lockDataDirectory();
                Connection c = SqliteFiles.open(dbFile, false);
                var s = c.createStatement();
                var rs = s.executeQuery("PRAGMA quick_check(5)")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out.equals(List.of("ok")) ? "ok" : String.join("; ", out);
        }
    }
}
