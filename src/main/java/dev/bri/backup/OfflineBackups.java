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
        this.hooks = List.copyOf(hooks);
        this.dbFile = dataDir.resolve("bri.db").toAbsolutePath();
        this.store = new BackupStore(backupDir);
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
        BackupId id = BackupId.next(BackupKind.BACKUP, Instant.now());
        try (DataDirectoryLock dataLock = lockDataDirectory();
                BackupLock lock = BackupLock.acquire(store, id.value())) {
            store.cleanupTemporaries();
            return createLocked(id, trigger);
        }
    }

    private BackupMetadata createLocked(BackupId id, String trigger) throws IOException, SQLException {
        return engine.create(work -> {
            try (Connection c = SqliteFiles.open(dbFile, false)) {
                work.run(c);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, dbFile, store, id, trigger, options);
    }

    public List<BackupMetadata> list() {
        return store.list();
    }

    public Optional<BackupMetadata> find(BackupId id) {
        return store.read(id);
    }

    public Verification verify(BackupId id) throws IOException {
        Verification v = verifier.verify(store, id);
        Optional<BackupMetadata> meta = store.read(id);
        if (meta.isPresent()) {
            store.write(meta.get().withVerification(v));
        }
        return v;
    }

    public List<Verification> verifyAll() throws IOException {
        List<Verification> results = new ArrayList<>();
        for (BackupMetadata b : store.list()) {
            results.add(verify(b.backupId()));
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

    /** Newest regular backup, or the newest taken at or before {@code at}. */
    public Optional<BackupMetadata> select(Instant at) {
        return BackupSelection.newestRegular(store.list(), at);
    }

    /**
     * Restores {@code source} over the stopped service's database with {@link RestoreProcedure}: stage and verify,
     * safety backup, swap (removing -wal/-shm), integrity check, {@code hooks}; on failure after the swap the safety
     * backup is put back. Schema migrations run when the service next starts.
     */
    public RestoreOutcome restore(BackupMetadata source, RestoreProgress progress)
            throws IOException, InUseException, RestoreFailure {
        BackupId id = source.backupId();
        try (DataDirectoryLock dataLock = lockDataDirectory();
                BackupLock lock = BackupLock.acquire(store, "restore-" + id)) {
            RestoreProcedure.Outcome outcome = new RestoreProcedure(environment(), store, hooks)
                    .run(RestoreSource.backup(store, source), progress);
            return new RestoreOutcome(source, outcome.safetyBackup(), outcome.verification());
        }
    }

    /**
     * The CLI's side of a restore: no gate to close and no pool to drain (the database must not be open anywhere), so
     * it only checks again that no process opened the database meanwhile (the service started) before it copies or
     * swaps anything.
     */
    private RestoreEnvironment environment() {
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
                return createLocked(BackupId.next(BackupKind.SAFETY, Instant.now()), "cli");
            }

            @Override
            public void withDatabaseClosed(String operation, ClosedWork work) throws Exception {
                requireIdle();
                work.run();
            }

            @Override
            public Verification recorded(RestorePoint point, Verification verification) {
                try {
                    store.read(new BackupId(point.id()))
                            .ifPresent(meta -> write(meta.withVerification(verification)));
                } catch (RuntimeException e) {
                    // the result is still reported; only its record in the metadata is missing
                }
                return verification;
            }
        };
    }

    private void write(BackupMetadata meta) {
        try {
            store.write(meta);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
