package dev.bri.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Verifies a backup end to end: metadata present, file present, SHA-256 equal, decompresses, opens,
 * {@code PRAGMA integrity_check} is ok and the row counts equal the metadata. Anything else is {@code failed}. An
 * encrypted backup ({@link LocalEncryption}) is checked against the SHA-256 of its ciphertext, then, when the store
 * has an identity, decrypted and checked as above; without one that is all that can be checked (the engine ran
 * integrity_check on the plaintext before encrypting it).
 */
public final class BackupVerifier {

    public Verification verify(BackupStore store, BackupId id) {
        return verify(store, id, ByteProgress.NONE);
    }

    /**
     * As above, telling {@code progress} how far the checksum ({@code checksum}), decompression ({@code decompress})
     * and {@code integrity_check} are.
     */
    public Verification verify(BackupStore store, BackupId id, ByteProgress progress) {
        String now = Instant.now().toString();
        Optional<BackupMetadata> found;
        try {
            found = store.read(id);
        } catch (UncheckedIOException e) {
            return failed(id, now, "metadata unreadable: " + e.getCause().getMessage());
        }
        if (found.isEmpty()) {
            return failed(id, now, "no metadata: the backup was never committed or its metadata was lost");
        }
        BackupMetadata meta = found.get();
        boolean gzip = meta.compression() == Compression.GZIP;
        Path file = store.dataFile(id, gzip);
        if (!Files.isRegularFile(file)) {
            return failed(id, now, "backup file " + file.getFileName() + " is missing");
        }
        Path temp = null;
        Path plain = null;
        try {
            long stored = Files.size(file);
            if (meta.encrypted()) {
                // the ciphertext's SHA-256 needs no identity: a modified file is found by every verification
                String sha = FileOps.sha256(file, done -> progress.bytes("checksum", done, stored));
                if (!sha.equalsIgnoreCase(meta.encryption().sha256())) {
                    return failed(id, now, "checksum mismatch of the encrypted file: metadata "
                            + meta.encryption().sha256() + ", file " + sha);
                }
                if (store.encryption().identityFile() == null) {
                    return new Verification(id.value(), Verification.PASSED, now, "encrypted ("
                            + meta.encryption().format() + "): sha256 of the stored file matches; integrity_check and "
                            + "row counts ran on the plaintext before encryption; a full check needs the identity "
                            + "(bri.backup.encryption.identity-file)");
                }
                plain = store.dir().resolve(".verify-" + id.value() + "-" + System.nanoTime() + ".plain");
                try {
                    decryptInto(store, meta, file, plain);
                } catch (dev.bri.encryption.AgeIdentity.IdentityException e) {
                    return failed(id, now, e.getMessage());
                } catch (IOException e) {
                    return failed(id, now, "cannot decrypt: " + e.getMessage());
                }
                file = plain;
            }
            long content = Files.size(file);
            Path source = file;
            String sha = FileOps.sha256(source, done -> progress.bytes("checksum", done, content));
            if (!sha.equalsIgnoreCase(meta.sha256())) {
                return failed(id, now, "checksum mismatch: metadata " + meta.sha256() + ", file " + sha);
            }
            Path db = file;
            if (gzip) {
                temp = store.dir().resolve(".verify-" + id.value() + "-" + System.nanoTime() + ".db");
                try {
                    FileOps.gunzip(file, temp, done -> progress.bytes("decompress", done, content));
                } catch (IOException e) {
                    return failed(id, now, "cannot decompress: " + e.getMessage());
                }
                db = temp;
            }
            progress.bytes("integrity_check", 0, -1);
            return check(id, now, db, meta.rowCounts());
        } catch (IOException e) {
            return failed(id, now, "cannot read backup: " + e.getMessage());
        } finally {
            if (temp != null) {
                FileOps.deleteQuietly(temp);
            }
            if (plain != null) {
                FileOps.deleteQuietly(plain);
            }
        }
    }

    /** Decrypts an encrypted backup file with the store's identity into {@code plain} (created). */
    private static void decryptInto(BackupStore store, BackupMetadata meta, Path file, Path plain)
            throws IOException {
        dev.bri.encryption.AgeIdentity identity = store.encryption().identity(meta.backupId());
        try (InputStream in = LocalEncryption.decrypting(Files.newInputStream(file), identity, meta.file());
                OutputStream out = Files.newOutputStream(plain, StandardOpenOption.CREATE_NEW)) {
            in.transferTo(out);
        }
    }

    /** Integrity and row counts of an uncompressed database file against what its metadata recorded. */
    static Verification check(BackupId id, String now, Path db, Map<String, Long> expected) {
        try (Connection c = SqliteFiles.open(db, true)) {
            String integrity = SqliteFiles.integrityCheck(c);
            if (!"ok".equals(integrity)) {
                return failed(id, now, "integrity_check: " + integrity);
            }
            Map<String, Long> counts = SqliteFiles.rowCounts(c);
            String diff = diff(expected, counts);
            if (diff != null) {
                return failed(id, now, "row counts differ from metadata: " + diff);
            }
            return new Verification(id.value(), Verification.PASSED, now,
                    "sha256, integrity_check and row counts of " + counts.size() + " tables match");
        } catch (SQLException e) {
            return failed(id, now, "cannot open as SQLite: " + e.getMessage());
        }
    }

    private static String diff(Map<String, Long> expected, Map<String, Long> actual) {
        if (expected == null) {
            return "metadata has no row counts";
        }
        for (String table : new TreeSet<>(expected.keySet())) {
            if (!expected.get(table).equals(actual.get(table))) {
                return table + " expected " + expected.get(table) + ", found " + actual.get(table);
            }
        }
        for (String table : actual.keySet()) {
            if (!expected.containsKey(table)) {
                return "table " + table + " not in metadata";
            }
        }
        return null;
    }

    private static Verification failed(BackupId id, String now, String detail) {
        return new Verification(id.value(), Verification.FAILED, now, detail);
    }
}
