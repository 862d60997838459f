package dev.bri.backup;

import dev.bri.io.DurableFiles;
import dev.bri.storage.SqlWork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Takes one consistent backup of a live WAL database at close to file-copy speed.
 *
 * <p>Method: on a connection to the live database, open a read transaction. It pins a WAL snapshot, so no
 * checkpoint can copy pages newer than that snapshot into the database file, nor can the WAL be restarted. Copy the
 * database file, then the WAL. Opening the copy replays the copied WAL up to its last complete commit (frames are
 * checksummed; a torn tail is ignored), giving a consistent state at or after the snapshot. The read transaction is
 * held only for the two copies. Then, away from the live database: checkpoint the copy into a single file in
 * rollback-journal mode, count its rows while hashing (and optionally gzipping) it on another thread, optionally
 * encrypt it ({@link LocalEncryption}, after an integrity_check of the plaintext), fsync, rename it into place and write
 * the metadata sidecar last.
 */
public final class BackupEngine {

    /** Runs work on a connection to the live database (the pool in the service, a direct one offline). */
    @FunctionalInterface
    public interface LiveDatabase {
        void withConnection(SqlWork<Void> work);
    }

    public record Options(boolean gzip, int gzipLevel, String appVersion) {
    }

    public BackupMetadata create(LiveDatabase live, Path dbFile, BackupStore store, BackupId id, String trigger,
            Options options) throws IOException, SQLException {
        return create(live, dbFile, store, id, trigger, options, ByteProgress.NONE);
    }

    /** As above, telling {@code progress} how far the copy ({@code copy}) and compression ({@code compress}) are. */
    /**
     * The WAL as {@link #create} copied it, while the live connection's work runs and until the copy is folded: what
     * the snapshot holds beyond the database file is exactly its committed frames.
     */
    public static Path copiedWal(BackupStore store, BackupId id) {
        Path copy = store.temp(id.value() + ".db");
        return copy.resolveSibling(copy.getFileName() + "-wal");
    }

    public BackupMetadata create(LiveDatabase live, Path dbFile, BackupStore store, BackupId id, String trigger,
            Options options, ByteProgress progress) throws IOException, SQLException {
        long started = System.nanoTime();
        Instant createdAt = id.created();
        store.ensureExists();
        Path copy = store.temp(id.value() + ".db");
        Path copyWal = copy.resolveSibling(copy.getFileName() + "-wal");
        Path copyShm = copy.resolveSibling(copy.getFileName() + "-shm");
        Path gz = store.temp(id.value() + ".db.gz");
        Path sealed = store.temp(id.value() + ".age");
        ExecutorService hasher = Executors.newSingleThreadExecutor(r -> new Thread(r, "backup-hash-" + id));
        try {
            live.withConnection(c -> {
                try {
                    snapshotCopy(c, dbFile, copy, copyWal, progress);
                } catch (IOException e) {
                    throw new SQLException("copy failed: " + e.getMessage(), e);
                }
                return null;
            });
            foldWal(copy);
            FileOps.deleteQuietly(copyWal);
            FileOps.deleteQuietly(copyShm);
            DurableFiles.fsync(copy);
            long databaseBytes = Files.size(copy);
            CompletableFuture<String> sha = CompletableFuture.supplyAsync(() -> {
                try {
                    return options.gzip()
                            ? FileOps.gzip(copy, gz, options.gzipLevel(),
                                    done -> progress.bytes("compress", done, databaseBytes))
                            : FileOps.sha256(copy, done -> progress.bytes("checksum", done, databaseBytes));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, hasher);
            SqliteFiles.Info info;
            try (Connection c = SqliteFiles.open(copy, true)) {
                info = SqliteFiles.inspect(c);
            }
            String digest = join(sha);
            Path target = store.dataFile(id, options.gzip());
            Path content = options.gzip() ? gz : copy;
            long contentBytes = Files.size(content);
            BackupMetadata.Encrypted encrypted = null;
            if (store.encryption().encrypts()) {
                // the service cannot read the file back (it holds no identity): the plaintext is checked now
                String integrity;
                try (Connection c = SqliteFiles.open(copy, true)) {
                    integrity = SqliteFiles.integrityCheck(c);
                }
                if (!"ok".equals(integrity)) {
                    throw new IOException("integrity_check of the snapshot before encryption: " + integrity);
                }
                encrypted = store.encryption().seal(content, sealed);
                content = sealed;
            }
            DurableFiles.publish(content, target);
            double seconds = (System.nanoTime() - started) / 1e9;
            BackupMetadata metadata = new BackupMetadata(id.value(), id.kind(), createdAt.toString(), trigger,
                    options.appVersion(), info.schemaVersion(), info.sqliteVersion(), info.pageSize(),
                    target.getFileName().toString(), options.gzip() ? Compression.GZIP : Compression.NONE,
                    databaseBytes, contentBytes, digest, info.rowCounts(), Math.round(seconds * 1000) / 1000.0,
                    Verification.unverified(id.value()), encrypted);
            store.write(metadata);
            return metadata;
        } finally {
            hasher.shutdownNow();
            FileOps.deleteQuietly(copy);
            FileOps.deleteQuietly(copyWal);
            FileOps.deleteQuietly(copyShm);
            FileOps.deleteQuietly(gz);
            FileOps.deleteQuietly(sealed);
        }
    }

    /** Copies the database file and its WAL while a read transaction pins the snapshot (see class comment). */
    static void snapshotCopy(Connection c, Path dbFile, Path copy, Path copyWal) throws SQLException, IOException {
        snapshotCopy(c, dbFile, copy, copyWal, ByteProgress.NONE);
    }

    private static void snapshotCopy(Connection c, Path dbFile, Path copy, Path copyWal, ByteProgress progress)
            throws SQLException, IOException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
                rs.next();
            }
            Path wal = dbFile.resolveSibling(dbFile.getFileName() + "-wal");
            long walBytes = Files.exists(wal) ? Files.size(wal) : 0;
            long total = Files.size(dbFile) + walBytes;
            long database = FileOps.copy(dbFile, copy, done -> progress.bytes("copy", done, total));
            if (Files.exists(wal)) {
                FileOps.copy(wal, copyWal, done -> progress.bytes("copy", database + done, total));
            }
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /** Replays the copied WAL into the copy and leaves a single self-contained file (rollback-journal mode). */
    private static void foldWal(Path copy) throws SQLException {
        try (Connection c = SqliteFiles.open(copy, false); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                if (rs.next() && rs.getInt(1) != 0) {
                    throw new SQLException("checkpoint of the copy was blocked");
                }
            }
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=DELETE")) {
                rs.next();
            }
        }
    }

    private static String join(CompletableFuture<String> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }
}
