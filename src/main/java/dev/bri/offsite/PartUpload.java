package dev.bri.offsite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A streaming upload: bytes written here fill one part-sized buffer; a full buffer becomes a part of a multipart
 * upload, and an object that never fills one is sent with a single PUT. Memory stays at one part whatever the file's
 * size, and nothing is staged on disk. Each part carries its SHA-256 (the server refuses a part whose bytes do not
 * match); {@link #finish()} returns the object's SHA-256 as S3 reports it (plain for one part, composite
 * {@code sha256(part digests)-N} for multipart) so that it can be compared with what the server stored. The owner
 * calls {@link #abortUnlessFinished()} when an attempt fails, so that a failed attempt leaves no parts behind.
 * {@link #close()} only stops writes: the encrypting channel closes its sink when it writes the last chunk.
 */
public final class PartUpload implements WritableByteChannel {

    private static final Logger LOG = Logger.getLogger(PartUpload.class);

    /** What was stored: ciphertext bytes, parts (1 for a single PUT) and the S3-style SHA-256. */
    public record Stored(long bytes, int parts, String checksumSha256) {
    }

    private final ObjectStore store;
    private final String key;
    private final Map<String, String> metadata;
    private final byte[] buffer;
    private int filled;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final List<byte[]> partDigests = new ArrayList<>();
    private String uploadId;
    private long bytes;
    private boolean open = true;
    private boolean finished;

    PartUpload(ObjectStore store, String key, Map<String, String> metadata) {
        this.store = store;
        this.key = key;
        this.metadata = metadata;
        this.buffer = new byte[store.settings().partSizeBytes()];
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!open) {
            throw new IOException("upload of " + key + " already closed");
        }
        int written = 0;
        while (src.hasRemaining()) {
            if (filled == buffer.length) {
                sendPart();
            }
            int n = Math.min(src.remaining(), buffer.length - filled);
            src.get(buffer, filled, n);
            filled += n;
            written += n;
        }
        bytes += written;
        return written;
    }

    private void sendPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = store.createMultipart(key, metadata);
            }
            byte[] digest = sha256(buffer, filled);
            partDigests.add(digest);
            parts.add(store.uploadPart(key, uploadId, parts.size() + 1, buffer, filled, b64(digest)));
            filled = 0;
        } catch (RuntimeException e) {
            throw ObjectStore.io("upload of part " + (parts.size() + 1) + " of " + key, e);
        }
    }

    /** Sends what is buffered and completes the object. */
    public Stored finish() throws IOException {
        try {
            if (uploadId == null) {
                byte[] digest = sha256(buffer, filled);
                store.putObject(key, java.util.Arrays.copyOf(buffer, filled), b64(digest), metadata);
                finished = true;
                return new Stored(bytes, 1, b64(digest));
            }
            if (filled > 0) {
                sendPart();
            }
            store.completeMultipart(key, uploadId, parts);
            finished = true;
            MessageDigest composite = digest();
            partDigests.forEach(composite::update);
            return new Stored(bytes, parts.size(), b64(composite.digest()) + "-" + parts.size());
        } catch (RuntimeException e) {
            throw ObjectStore.io("upload of " + key, e);
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }

    /** Aborts a started multipart upload that did not complete (best effort: the server may be why we failed). */
    public void abortUnlessFinished() {
        open = false;
        if (!finished && uploadId != null) {
            try {
                store.abortMultipart(key, uploadId);
            } catch (RuntimeException e) {
                // the server may be the reason we are here; its lifecycle rule or the next abort cleans up
                LOG.warnf("offsite.multipart_abort_failed key=%s error=%s", key, e.getMessage());
            }
        }
    }

    private static byte[] sha256(byte[] data, int length) {
        MessageDigest d = digest();
        d.update(data, 0, length);
        return d.digest();
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] digest) {
        return Base64.getEncoder().encodeToString(digest);
    }
}
