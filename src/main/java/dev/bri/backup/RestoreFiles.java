package dev.bri.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** File steps of a restore, shared by the service and the offline CLI. */
public final class RestoreFiles {

    private RestoreFiles() {
    }

    /**
     * Puts an uncompressed copy of the backup next to the database ({@code .restore-<id>.db}, same file system so
     * the swap is an atomic rename) and checks it against the metadata once more. Throws when it does not pass.
     */
    public static Path stage(BackupStore store, BackupMetadata meta, Path dbFile) throws IOException {
        BackupId id = meta.backupId();
        Path staged = dbFile.resolveSibling(".restore-" + id.value() + ".db");
        Files.deleteIfExists(staged);
        Path source = store.dataFile(id, "gzip".equals(meta.compression()));
        if ("gzip".equals(meta.compression())) {
            FileOps.gunzip(source, staged);
        } else {
            FileOps.copy(source, staged);
            FileOps.fsync(staged);
        }
        Verification check = BackupVerifier.check(id, Instant.now().toString(), staged, meta.rowCounts());
        if (!check.passed()) {
            FileOps.deleteQuietly(staged);
            throw new IOException("staged copy of " + id + " failed its check: " + check.detail());
        }
        return staged;
    }

    /**
     * Replaces the database with the staged file. Every connection must be closed: the WAL and shared-memory files
     * of the old database are removed first (a stale WAL would otherwise be replayed into the restored file).
     */
    public static void swap(Path staged, Path dbFile) throws IOException {
        Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + "-wal"));
        Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + "-shm"));
        Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + "-journal"));
        FileOps.publish(staged, dbFile);
    }

    /**
     * Opens the database file as the service would (WAL mode: backups are stored in rollback-journal mode) and runs
     * {@code PRAGMA integrity_check}.
     */
    public static String integrity(Path dbFile) throws SQLException {
        try (Connection c = SqliteFiles.open(dbFile, false)) {
            try (var s = c.createStatement(); var rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                rs.next();
            }
            return SqliteFiles.integrityCheck(c);
        }
    }

    /**
     * True when another process has the database open: SQLite (unix VFS) holds a POSIX read lock on its shared
     * byte range for as long as a connection in WAL mode is open, and during every transaction otherwise; an
     * exclusive lock on that range cannot be had then. Call before this process opens the file itself (closing the
     * probe channel drops this process's POSIX locks on the file).
     */
    public static boolean openByAnotherProcess(Path dbFile) throws IOException {
        if (!Files.exists(dbFile)) {
            return false;
        }
        long sharedFirst = 0x40000000L + 2;
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dbFile,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock = channel.tryLock(sharedFirst, 510, false);
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        }
    }
}
