package dev.bri.offsite;

import dev.bri.backup.BackupId;
import dev.bri.backup.BackupKind;
import dev.bri.backup.BackupMetadata;
import dev.bri.backup.BackupStore;
import dev.bri.backup.BackupVerifier;
import dev.bri.backup.Verification;
import dev.bri.encryption.AgeIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The backups in the bucket, for the CLI's {@code --remote} and {@code --from-s3} commands (offline: no service, no
 * database needed). Listing needs only the credentials; verifying and restoring also need the age identity.
 * Every download is decrypted into a temporary file, its plaintext SHA-256 compared with the one recorded at upload,
 * and only then published under its final name (backup file first, metadata last), so a wrong identity, a tampered
 * object or a cut download changes nothing in the backup directory.
 */
public final class RemoteBackups {

    /**
     * A backup as the bucket shows it.
     *
     * @param complete both the backup file and its metadata are in the bucket
     * @param verified the local verification status when its metadata was last uploaded (passed, failed, none)
     */
    public record RemoteBackup(String id, BackupKind kind, Instant created, long storedBytes, boolean complete,
            String verified) {

        public BackupId backupId() {
            return new BackupId(id);
        }
    }

    /** A downloaded object failed its checks (age authentication or SHA-256): tampered with or damaged. */
    public static final class TamperedException extends IOException {
        TamperedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ObjectStore store;

    public RemoteBackups(ObjectStore store) {
        this.store = store;
    }

    /** Backups in the bucket (top level, as the backup directory lays them out), newest first. */
    public List<RemoteBackup> list() throws IOException {
        Map<String, Long> dataBytes = new TreeMap<>();
        List<String> metadataIds = new ArrayList<>();
        for (ObjectStore.RemoteObject o : store.list("")) {
            String name = o.key();
            if (name.contains("/") || !name.endsWith(Replicator.SUFFIX)) {
                continue;
            }
            String file = name.substring(0, name.length() - Replicator.SUFFIX.length());
            if (file.endsWith(".json") && BackupId.isValid(stem(file, ".json"))) {
                metadataIds.add(stem(file, ".json"));
            } else if (BackupId.isValid(stem(file, ".db.gz"))) {
                dataBytes.put(stem(file, ".db.gz"), o.size());
            } else if (BackupId.isValid(stem(file, ".db"))) {
                dataBytes.put(stem(file, ".db"), o.size());
            }
        }
        List<RemoteBackup> out = new ArrayList<>();
        for (String id : metadataIds) {
            BackupId backupId = new BackupId(id);
            String verified = store.head(Replicator.objectName(id + ".json"))
                    .map(h -> h.metadata().getOrDefault(Replicator.META_VERIFIED, "none")).orElse("none");
            out.add(new RemoteBackup(id, backupId.kind(), backupId.created(), dataBytes.getOrDefault(id, 0L),
                    dataBytes.containsKey(id), verified));
        }
        out.sort(Comparator.comparing(RemoteBackup::backupId).reversed());
        return out;
    }

    /** The newest complete regular backup, or the newest taken at or before {@code at}. */
    public Optional<RemoteBackup> select(Instant at) throws IOException {
        return list().stream().filter(RemoteBackup::complete).filter(b -> b.kind() == BackupKind.BACKUP)
                .filter(b -> at == null || !b.created().isAfter(at)).findFirst();
    }

    /**
     * Downloads one backup into {@code local} (its metadata first, into a temporary file: a wrong identity fails
     * before anything is written), checks the backup file against the SHA-256 of the metadata, and publishes it.
     * An identical copy already in {@code local} is kept.
     */
    public BackupMetadata fetch(BackupId id, BackupStore local, AgeIdentity identity) throws IOException {
        local.ensureExists();
        Path work = Files.createTempDirectory(local.dir(), ".offsite-download-");
        try {
            Path metaTemp = download(id.value() + ".json", work, identity);
            BackupMetadata meta = BackupStore.json().readValue(metaTemp.toFile(), BackupMetadata.class);
            if (!id.value().equals(meta.id())) {
                throw new TamperedException("object " + id + ".json holds the metadata of " + meta.id(), null);
            }
            Path dataTemp = download(meta.file(), work, identity);
            String sha = Replicator.sha256(dataTemp);
            if (!sha.equalsIgnoreCase(meta.sha256())) {
                throw new TamperedException("backup file " + meta.file() + " does not match its metadata's SHA-256",
                        null);
            }
            Path data = local.dir().resolve(meta.file()).normalize();
            if (!local.dir().equals(data.getParent())) {
                throw new TamperedException("metadata of " + id + " names a file outside the backup directory", null);
            }
            if (meta.encrypted()) {
                // encrypted on the service's volume, uploaded as is: the bucket's layer of age was the same one
                meta = meta.decrypted();
                Files.write(metaTemp, BackupStore.json().writeValueAsBytes(meta));
            }
            Files.move(dataTemp, data, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(metaTemp, local.metadataFile(id), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return meta;
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Verifies a backup in the bucket end to end without touching any local backup: download and decrypt into a
     * scratch directory, then the local verifier (SHA-256, decompress, integrity_check, row counts).
     */
    public Verification verify(BackupId id, AgeIdentity identity, Path scratchParent) throws IOException {
        Path scratch = Files.createTempDirectory(scratchParent, ".offsite-verify-");
        try {
            BackupStore temp = new BackupStore(scratch);
            try {
                fetch(id, temp, identity);
            } catch (TamperedException e) {
                return new Verification(id.value(), Verification.FAILED, Instant.now().toString(), e.getMessage());
            }
            return new BackupVerifier().verify(temp, id);
        } finally {
            deleteTree(scratch);
        }
    }

    /**
     * Downloads every object below {@code relativePrefix} (for example {@code archive/<chain>/}) that the local
     * directory lacks or holds with other content; returns how many were written. Commit markers ({@code chain.json},
     * backup metadata) are written after what they commit, so a download cut short never leaves a marker without
     * its files.
     */
    public int fetchTree(String relativePrefix, Path localDir, AgeIdentity identity) throws IOException {
        int written = 0;
        Path work = Files.createTempDirectory(Files.createDirectories(localDir), ".offsite-download-");
        try {
            List<ObjectStore.RemoteObject> objects = new ArrayList<>(store.list(relativePrefix));
            objects.sort(Comparator.comparingInt((ObjectStore.RemoteObject o) -> commitMarker(o.key()) ? 1 : 0)
                    .thenComparing(ObjectStore.RemoteObject::key));
            for (ObjectStore.RemoteObject o : objects) {
                if (!o.key().endsWith(Replicator.SUFFIX)) {
                    continue;
                }
                String relative = o.key().substring(0, o.key().length() - Replicator.SUFFIX.length());
                Path target = localDir.resolve(relative).normalize();
                if (!target.startsWith(localDir.toAbsolutePath().normalize()) && !target.startsWith(localDir)) {
                    throw new TamperedException("object " + o.key() + " names a path outside the backup directory",
                            null);
                }
                if (Files.isRegularFile(target) && Replicator.sha256(target).equals(store.head(o.key())
                        .map(h -> h.metadata().get(Replicator.META_SHA256)).orElse(null))) {
                    continue;
                }
                Path temp = download(relative, work, identity);
                Files.createDirectories(target.getParent());
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                written++;
            }
            return written;
        } finally {
            deleteTree(work);
        }
    }

    /** Decrypts one object into {@code dir} under a temporary name and checks it against its recorded SHA-256. */
    Path download(String relative, Path dir, AgeIdentity identity) throws IOException {
        String name = Replicator.objectName(relative);
        ObjectStore.Head head = store.head(name).orElseThrow(() -> new OffsiteException(
                "object " + name + " is not in " + store.settings().describe(), null));
        String expected = head.metadata().get(Replicator.META_SHA256);
        Path temp = Files.createTempFile(dir, ".part-", ".tmp");
        MessageDigest digest = PartUpload.digest();
        try (InputStream in = store.open(name);
                ReadableByteChannel plain = identity.decrypting(Channels.newChannel(in), name);
                FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            while (plain.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                buffer.clear();
            }
            out.force(true);
        } catch (AgeIdentity.IdentityException | OffsiteException e) {
            throw e;
        } catch (IOException e) {
            if (e.getCause() instanceof GeneralSecurityException || e.getClass().getName().contains("jagged")) {
                throw new TamperedException("object " + name + " failed age authentication: it was modified or "
                        + "damaged after upload (" + e.getMessage() + ")", e);
            }
            throw e;
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (expected == null || !expected.equals(actual)) {
            throw new TamperedException("object " + name + " decrypts to SHA-256 " + actual + ", recorded " + expected,
                    null);
        }
        return temp;
    }

    private static boolean commitMarker(String key) {
        String relative = key.endsWith(Replicator.SUFFIX)
                ? key.substring(0, key.length() - Replicator.SUFFIX.length())
                : key;
        int rank = SealedFiles.rank(relative);
        return rank == SealedFiles.METADATA || rank == SealedFiles.CHAIN;
    }

    private static String stem(String name, String suffix) {
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : "";
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover dot directory is never listed as a backup
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
