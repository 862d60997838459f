package dev.bri.offsite;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A streaming upload: bytes written here fill a part-sized buffer; a full buffer becomes a part of a multipart
 * upload, and an object that never fills one is sent with a single PUT. Full parts are hashed and sent on the store's
 * part threads while the writer (reading and encrypting the file) fills the next buffer, with at most
 * {@link ObjectStore#PARALLEL_PARTS} parts in flight: the writer waits for the oldest part before it starts another,
 * so memory stays at {@code PARALLEL_PARTS + 1} parts whatever the file's size, and nothing is staged on disk. Each
 * part carries its SHA-256 (the server refuses a part whose bytes do not match); {@link #finish()} returns the
 * object's SHA-256 as S3 reports it (plain for one part, composite {@code sha256(part digests)-N} for multipart, in
 * part order) so that it can be compared with what the server stored. The owner calls {@link #abortUnlessFinished()}
 * when an attempt fails, so that a failed attempt leaves no parts behind. {@link #close()} only stops writes: the
 * encrypting channel closes its sink when it writes the last chunk.
 */
public final class PartUpload implements WritableByteChannel {

    private static final Logger LOG = Logger.getLogger(PartUpload.class);

    /** What was stored: ciphertext bytes, parts (1 for a single PUT) and the S3-style SHA-256. */
    public record Stored(long bytes, int parts, String checksumSha256) {
    }

    private final ObjectStore store;
    private final String key;
    private final Map<String, String> metadata;
    private final int partSize;
    private byte[] buffer;
    private int filled;
    /** Parts sent or being sent, in part-number order; the oldest first. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** Buffers of parts already sent, for the next parts (at most PARALLEL_PARTS + 1 buffers ever exist). */
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
    private final List<CompletedPart> parts = new ArrayList<>();
    private final List<byte[]> partDigests = new ArrayList<>();
    private int submitted;
    private String uploadId;
    private long bytes;
    private boolean open = true;
    private boolean finished;

    PartUpload(ObjectStore store, String key, Map<String, String> metadata) {
        this.store = store;
        this.key = key;
        this.metadata = metadata;
        this.partSize = store.settings().partSizeBytes();
        this.buffer = new byte[partSize];
    }

    private record Sent(CompletedPart part, byte[] digest) {
    }

    private record InFlight(int number, byte[] buffer, Future<Sent> result) {
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

    /** Hands the full buffer to a part thread; first waits for the oldest part when enough are in flight. */
    private void sendPart() throws IOException {
        if (uploadId == null) {
            try {
                uploadId = store.createMultipart(key, metadata);
            } catch (RuntimeException e) {
                throw ObjectStore.io("upload of " + key, e);
            }
        }
        while (inFlight.size() >= ObjectStore.PARALLEL_PARTS) {
            awaitOldest();
        }
        int number = ++submitted;
        byte[] body = buffer;
        int length = filled;
        String id = uploadId;
        Future<Sent> result = store.partExecutor().submit(() -> {
            byte[] digest = sha256(body, length);
            return new Sent(store.uploadPart(key, id, number, body, length, b64(digest)), digest);
        });
        inFlight.add(new InFlight(number, body, result));
        buffer = spare.isEmpty() ? new byte[partSize] : spare.poll();
        filled = 0;
    }

    /** Waits for the oldest part in flight; its failure fails the upload (the owner then aborts it). */
    private void awaitOldest() throws IOException {
        InFlight oldest = inFlight.poll();
        try {
            Sent sent = oldest.result().get();
            parts.add(sent.part());
            partDigests.add(sent.digest());
            spare.add(oldest.buffer());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("upload of " + key + " interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw ObjectStore.io("upload of part " + oldest.number() + " of " + key, r);
            }
            throw new OffsiteException("upload of part " + oldest.number() + " of " + key + " failed: "
                    + cause.getMessage(), cause);
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
            while (!inFlight.isEmpty()) {
                awaitOldest();
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
        // parts still being sent would land after the abort and stay in the bucket: let them end first
        for (InFlight part : inFlight) {
            try {
                part.result().get();
            } catch (InterruptedException e) {
                part.result().cancel(true);
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // the failure that brought us here, or another one: the upload is aborted either way
            }
        }
        inFlight.clear();
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
