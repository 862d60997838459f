package dev.bri.backup;

import dev.bri.encryption.AgeIdentity;
import dev.bri.io.DurableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** File steps of a restore, shared by the service and the offline CLI. */
public final class RestoreFiles {

    private RestoreFiles() {
    }

    /**
     * Writes an uncompressed copy of the backup at {@code staged} (next to the database, same file system, so the swap
     * is an atomic rename), hashing the stored bytes on the way: throws when they do not match the metadata's SHA-256
     * or do not decompress. An encrypted backup is decrypted with the store's identity on the way (its ciphertext
     * hashed too); without the identity this throws {@link AgeIdentity.IdentityException}. Check the result with {@link #verifyStaged} before swapping it in.
     */
    public static Path stage(BackupStore store, BackupMetadata meta, Path staged, RestoreProgress progress)
            throws IOException {
        BackupId id = meta.backupId();
        // an encrypted backup without its identity stops here, before anything is written
        AgeIdentity identity = meta.encrypted() ? store.encryption().identity(id) : null;
        Files.deleteIfExists(staged);
        boolean gzip = meta.compression() == Compression.GZIP;
        Path source = store.dataFile(id, gzip);
        long total = Files.size(source);
        MessageDigest digest = FileOps.sha256();
        MessageDigest storedDigest = FileOps.sha256();
        try (InputStream raw = FileOps.counting(Files.newInputStream(source),
                done -> progress.bytes(RestoreProgress.Step.STAGE, done, total));
                DigestInputStream stored = new DigestInputStream(raw, storedDigest);
                InputStream plain = identity == null
                        ? stored
                        : LocalEncryption.decrypting(stored, identity, meta.file());
                DigestInputStream hashed = new DigestInputStream(plain, digest);
                OutputStream out = Files.newOutputStream(staged, StandardOpenOption.CREATE_NEW)) {
            InputStream content = gzip ? new GZIPInputStream(hashed, FileOps.BUFFER) : hashed;
            content.transferTo(out);
            hashed.transferTo(OutputStream.nullOutputStream()); // hash any bytes the decompressor left unread
            stored.transferTo(OutputStream.nullOutputStream()); // and any ciphertext after age's final chunk
        } catch (AgeIdentity.IdentityException e) {
            FileOps.deleteQuietly(staged);
            throw e;
        } catch (IOException e) {
            FileOps.deleteQuietly(staged);
            throw new IOException("cannot read backup " + id + ": " + e.getMessage(), e);
        }
        if (meta.encrypted() && !FileOps.hex(storedDigest).equalsIgnoreCase(meta.encryption().sha256())) {
            FileOps.deleteQuietly(staged);
            throw new IOException("checksum mismatch of the encrypted file: metadata " + meta.encryption().sha256()
                    + ", file " + FileOps.hex(storedDigest));
        }
        String sha = FileOps.hex(digest);
        if (!sha.equalsIgnoreCase(meta.sha256())) {
            FileOps.deleteQuietly(staged);
            throw new IOException("checksum mismatch: metadata " + meta.sha256() + ", file " + sha);
        }
        DurableFiles.fsync(staged);
        return staged;
    }

    /** integrity_check and row counts of a staged file against its metadata (the checksum was checked by stage). */
    public static Verification verifyStaged(BackupMetadata meta, Path staged) {
        Verification v = BackupVerifier.check(meta.backupId(), Instant.now().toString(), staged, meta.rowCounts());
        return v;
    }

    /**
     * Replaces the database with the staged file. Every connection must be closed: the WAL and shared-memory files
     * of the old database are removed first (a stale WAL would otherwise be replayed into the restored file).
     */
    public static void swap(Path staged, Path dbFile) throws IOException {
        Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + "-wal"));
        Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + "-shm"));
        Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + "-journal"));
        DurableFiles.publish(staged, dbFile);
    }

    /**
     * Opens the database file as the service would (WAL mode: backups are stored in rollback-journal mode) and runs
     * {@code PRAGMA quick_check}: the content was fully verified when staged, this proves the swapped file opens.
     */
    public static String integrity(Path dbFile) throws SQLException {
        try (Connection c = SqliteFiles.open(dbFile, false)) {
            try (var s = c.createStatement(); var rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                rs.next();
            }
            List<String> out = new ArrayList<>();
            try (var s = c.createStatement(); var rs = s.executeQuery("PRAGMA quick_check(20)")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out.equals(List.of("ok")) ? "ok" : String.join("; ", out);
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
