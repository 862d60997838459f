package dev.bri.offsite;

import dev.bri.backup.BackupMetadata;
import dev.bri.backup.BackupStore;
import dev.bri.encryption.AgeRecipients;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Copies every sealed file of the backup directory into the bucket, encrypted with age on the way: one pass compares
 * the directory with what was uploaded before ({@link ReplicationState}) and uploads what is new or changed, in the
 * order of {@link SealedFiles}. Each object carries the SHA-256 and size of the plaintext in its user metadata (a
 * snapshot's as its metadata recorded them when it was sealed; any other file's hashed before its upload); the
 * plaintext is hashed while it is encrypted and the upload completed only when that hash matches (a file modified on
 * the volume, or changed during its upload, never becomes an object), every request body is checked by the server
 * against its SHA-256, and after the upload the object's size, and its stored checksum where the server reports one,
 * are compared with what was sent. Restores compare the decrypted bytes with
 * the recorded SHA-256 again. The replicator only reads the backup directory: it never holds the backup lock or
 * touches the database, so a slow or absent object store cannot delay writes or local backups.
 */
public final class Replicator {

    private static final Logger LOG = Logger.getLogger(Replicator.class);
    static final String META_SHA256 = "bri-sha256";
    static final String META_SIZE = "bri-size";
    static final String META_ENCRYPTION = "bri-encryption";
    static final String META_KIND = "bri-kind";
    static final String META_VERIFIED = "bri-verified";
    /** On a chain's {@code chain.json}: when it started, for bucket retention (which cannot decrypt it). */
    static final String META_STARTED_AT = "bri-started-at";
    static final String ENCRYPTION = "age-x25519";
    static final String SUFFIX = ".age";

    /** Runs one upload attempt behind the caller's retry and circuit breaker. */
    public interface Guard {
        void run(Attempt attempt) throws Exception;
    }

    public interface Attempt {
        void run() throws IOException;
    }

    /** Told about every object sent and every failed attempt (metrics, logs). */
    public interface Listener {
        void uploaded(String relative, long plaintextBytes, long storedBytes, int parts);

        void failed(String relative, Exception error);
    }

    /**
     * Outcome of a pass.
     *
     * @param oldestPending modification time of the oldest sealed file not yet in the bucket; null when in sync
     * @param interrupted   the pass stopped early (circuit breaker open)
     * @param scannedAt     when the pass listed the backup directory: files sealed later are not known to it
     */
    public record Pass(int uploaded, long bytes, int failed, int pending, Instant oldestPending, boolean interrupted,
            String lastError, Instant scannedAt) {

        public boolean inSync() {
            return pending == 0;
        }

        /**
         * Since when the bucket may lack sealed files: the oldest one left pending, or, in sync, the scan (what was
         * sealed after it waits for the next pass). The offsite lag is the time since then.
         */
        public Instant behindSince() {
            return oldestPending != null ? oldestPending : scannedAt;
        }
    }

    private final Path dir;
    private final ObjectStore store;
    private final AgeRecipients recipients;
    private final Listener listener;
    private final Clock clock;
    private final ReplicationState state;

    public Replicator(Path backupDir, ObjectStore store, AgeRecipients recipients, Listener listener, Clock clock) {
        this.dir = backupDir.toAbsolutePath().normalize();
        this.store = store;
        this.recipients = recipients;
        this.listener = listener;
        this.clock = clock;
        this.state = ReplicationState.load(dir);
    }

    /** Object key (below the prefix) of a file of the backup directory. */
    public static String objectName(String relative) {
        return relative + SUFFIX;
    }

    public Pass run(Guard guard) throws IOException {
        Instant scannedAt = Instant.now(clock);
        List<SealedFiles.Sealed> sealed = SealedFiles.scan(dir);
        Set<String> present = new HashSet<>();
        Set<String> synced = new HashSet<>();
        Map<SealedFiles.Sealed, String> candidates = new LinkedHashMap<>();
        for (SealedFiles.Sealed s : sealed) {
            present.add(s.relative());
            if (state.current(s)) {
                synced.add(s.relative());
            } else {
                candidates.put(s, null);
            }
        }
        state.retain(present);
        int uploaded = 0;
        int failed = 0;
        long bytes = 0;
        String lastError = null;
        boolean interrupted = false;
        Map<String, Long> pendingSince = new HashMap<>();
        // segments reach the bucket in commit order: after one fails, the later ones of its chain wait for it, so
        // the bucket's archive never has a hole that a restore would have to refuse
        Set<String> heldChains = new HashSet<>();
        for (SealedFiles.Sealed s : candidates.keySet()) {
            String chain = SealedFiles.chainOfSegment(s.relative());
            if (interrupted || (chain != null && heldChains.contains(chain))
                    || !synced.containsAll(SealedFiles.prerequisites(s.relative(), sealed))) {
                pendingSince.put(s.relative(), s.modifiedMillis());
                if (chain != null) {
                    heldChains.add(chain);
                }
                continue;
            }
            long[] sent = {0};
            try {
                guard.run(() -> {
                    try {
                        sent[0] = replicate(s);
                    } catch (NoSuchFileException gone) {
                        throw gone;
                    } catch (IOException | RuntimeException e) {
                        listener.failed(s.relative(), e);
                        throw e;
                    }
                });
                synced.add(s.relative());
                if (sent[0] > 0) {
                    uploaded++;
                    bytes += sent[0];
                }
            } catch (NoSuchFileException gone) {
                // retention or compaction removed it meanwhile: nothing to copy
            } catch (Exception e) {
                pendingSince.put(s.relative(), s.modifiedMillis());
                if (chain != null) {
                    heldChains.add(chain);
                }
                if (isBreakerOpen(e)) {
                    interrupted = true;
                    lastError = "circuit breaker open";
                    continue;
                }
                failed++;
                lastError = s.relative() + ": " + e.getMessage();
            }
        }
        Instant oldest = pendingSince.values().stream().min(Long::compare).map(Instant::ofEpochMilli).orElse(null);
        return new Pass(uploaded, bytes, failed, pendingSince.size(), oldest, interrupted, lastError, scannedAt);
    }

    private static boolean isBreakerOpen(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("CircuitBreakerOpenException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the object holds in plaintext and what the file must hash to. A snapshot already age-encrypted on the
     * volume (local encryption) is sent as it is, not encrypted a second time: decrypting the object once gives the
     * backup's content, as for any other.
     *
     * @param sha256     of the content (the object's {@code bri-sha256})
     * @param size       of the content
     * @param preSealed  the file is already age ciphertext
     * @param fileSha256 what the file's bytes hash to; the upload pass hashes them again and completes the object only
     *                   when they still do
     * @param recorded   {@code fileSha256} is the checksum the backup recorded when it was sealed, not one computed
     *                   from the file now
     */
    private record Content(String sha256, long size, boolean preSealed, String fileSha256, boolean recorded) {
    }

    /**
     * A snapshot's checksum comes from its metadata, written when it was sealed: the file (the largest thing the
     * replicator sends) is then read once, by the upload pass, which checks it against that checksum. Other files
     * have no recorded whole-file checksum and are hashed first, since the object's metadata must carry it before
     * the first part is sent.
     */
    private Content content(SealedFiles.Sealed s) throws IOException {
        if (s.rank() == SealedFiles.DATA) {
            String name = s.path().getFileName().toString();
            String id = name.substring(0, name.indexOf('.'));
            Path metadataFile = s.path().resolveSibling(id + ".json");
            BackupMetadata meta = BackupStore.json().readValue(metadataFile.toFile(), BackupMetadata.class);
            String fileSha = meta.encrypted() ? meta.encryption().sha256() : meta.sha256();
            long fileSize = meta.encrypted() ? meta.encryption().bytes() : meta.backupBytes();
            if (s.size() != fileSize) {
                throw new IOException(s.relative() + " has " + s.size() + " bytes, its metadata records " + fileSize
                        + ": modified on the volume; not uploaded");
            }
            return new Content(meta.sha256(), meta.backupBytes(), meta.encrypted(), fileSha, true);
        }
        String sha = sha256(s.path());
        return new Content(sha, s.size(), false, sha, false);
    }

    /** Makes the bucket hold {@code s}; returns the plaintext bytes sent (0 when the bucket already had it). */
    private long replicate(SealedFiles.Sealed s) throws IOException {
        Content content = content(s);
        ReplicationState.Entry known = state.get(s.relative());
        if (known != null && known.sha256().equalsIgnoreCase(content.fileSha256())) {
            record(s, content.fileSha256());
            return 0;
        }
        if (known == null) {
            var head = store.head(objectName(s.relative()));
            if (head.isPresent() && content.sha256().equals(head.get().metadata().get(META_SHA256))) {
                record(s, content.fileSha256());
                return 0;
            }
        }
        upload(s, content);
        return s.size();
    }

    private void upload(SealedFiles.Sealed s, Content content) throws IOException {
        String sha = content.fileSha256();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(META_SHA256, content.sha256());
        metadata.put(META_SIZE, Long.toString(content.size()));
        metadata.put(META_ENCRYPTION, ENCRYPTION);
        if (s.rank() == SealedFiles.METADATA) {
            BackupMetadata meta = BackupStore.json().readValue(s.path().toFile(), BackupMetadata.class);
            metadata.put(META_KIND, meta.kind().label());
            metadata.put(META_VERIFIED, meta.verification() == null ? "none" : meta.verification().status());
        }
        if (s.rank() == SealedFiles.CHAIN) {
            metadata.put(META_STARTED_AT, dev.bri.archive.ArchiveStore.readManifest(s.path()).startedAt());
        }
        String name = objectName(s.relative());
        PartUpload upload = store.upload(name, metadata);
        PartUpload.Stored stored;
        try {
            MessageDigest digest = PartUpload.digest();
            long read = 0;
            try (FileChannel in = FileChannel.open(s.path(), StandardOpenOption.READ);
                    WritableByteChannel encrypted = content.preSealed() ? upload : recipients.encrypting(upload)) {
                ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
                while (in.read(buffer) >= 0) {
                    buffer.flip();
                    digest.update(buffer.duplicate());
                    read += buffer.remaining();
                    while (buffer.hasRemaining()) {
                        encrypted.write(buffer);
                    }
                    buffer.clear();
                }
            }
            String sent = java.util.HexFormat.of().formatHex(digest.digest());
            if (!sent.equalsIgnoreCase(sha) || read != s.size()) {
                throw new IOException(content.recorded()
                        ? s.relative() + " does not match the SHA-256 its metadata records: modified on the volume; "
                                + "the upload was aborted"
                        : s.relative() + " changed while it was uploaded; it is sent again next pass");
            }
            stored = upload.finish();
        } finally {
            upload.abortUnlessFinished();
        }
        var head = store.head(name).orElseThrow(() -> new OffsiteException(
                "object " + name + " is missing right after its upload", null));
        if (head.size() != stored.bytes()) {
            throw new OffsiteException("object " + name + " has " + head.size() + " bytes in the bucket, "
                    + stored.bytes() + " were sent", null);
        }
        if (head.checksumSha256() != null && !head.checksumSha256().equals(stored.checksumSha256())) {
            throw new OffsiteException("object " + name + ": the bucket's SHA-256 " + head.checksumSha256()
                    + " differs from the one sent " + stored.checksumSha256(), null);
        }
        if (!content.sha256().equals(head.metadata().get(META_SHA256))) {
            throw new OffsiteException("object " + name + " lost its metadata in the bucket", null);
        }
        record(s, sha);
        listener.uploaded(s.relative(), content.size(), stored.bytes(), stored.parts());
        LOG.infof("offsite.uploaded file=%s bytes=%d stored_bytes=%d parts=%d encrypted_on_volume=%s", s.relative(),
                content.size(), stored.bytes(), stored.parts(), content.preSealed());
    }

    private void record(SealedFiles.Sealed s, String sha) throws IOException {
        state.put(s.relative(), new ReplicationState.Entry(s.size(), s.modifiedMillis(), sha,
                Instant.now(clock).toString()));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = PartUpload.digest();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            while (in.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }
}
