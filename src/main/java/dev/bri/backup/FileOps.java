package dev.bri.backup;

import dev.bri.io.CountingInputStream;
import dev.bri.io.DurableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Durable file primitives: fsync, atomic publish, hashing, gzip. */
public final class FileOps {

    public static final int BUFFER = 1 << 20;

    private FileOps() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Copies {@code from} to {@code to} (kernel copy where possible) and returns the bytes copied. */
    public static long copy(Path from, Path to) throws IOException {
        return copy(from, to, done -> {
        });
    }

    /** As {@link #copy(Path, Path)}, telling {@code progress} the bytes copied so far after each 16 MiB. */
    public static long copy(Path from, Path to, LongConsumer progress) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long position = 0;
            long n;
            while ((n = in.transferTo(position, 16L * BUFFER, out)) > 0) {
                position += n;
                progress.accept(position);
            }
            return position;
        }
    }

    public static String sha256(Path file) throws IOException {
        return sha256(file, done -> {
        });
    }

    /** The file's SHA-256, telling {@code progress} the bytes read so far after each buffer. */
    public static String sha256(Path file, LongConsumer progress) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        long done = 0;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
                done += n;
                progress.accept(done);
            }
        }
        return hex(digest);
    }

    /** Gzips {@code from} into {@code to}, returning the SHA-256 of the compressed bytes as written. */
    public static String gzip(Path from, Path to, int level) throws IOException {
        return gzip(from, to, level, done -> {
        });
    }

    /** As {@link #gzip(Path, Path, int)}, telling {@code progress} the uncompressed bytes read so far. */
    public static String gzip(Path from, Path to, int level, LongConsumer progress) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = counting(Files.newInputStream(from), progress);
                OutputStream file = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW);
                OutputStream hashed = new java.security.DigestOutputStream(file, digest);
                GZIPOutputStream gz = new GZIPOutputStream(hashed, BUFFER) {
                    {
                        def.setLevel(level < 1 || level > 9 ? Deflater.BEST_SPEED : level);
                    }
                }) {
            in.transferTo(gz);
        }
        DurableFiles.fsync(to);
        return hex(digest);
    }

    public static void gunzip(Path from, Path to) throws IOException {
        gunzip(from, to, done -> {
        });
    }

    /** Decompresses {@code from} into {@code to}, telling {@code progress} the compressed bytes read so far. */
    public static void gunzip(Path from, Path to, LongConsumer progress) throws IOException {
        try (InputStream in = new GZIPInputStream(counting(Files.newInputStream(from), progress), BUFFER);
                OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW)) {
            in.transferTo(out);
        }
        DurableFiles.fsync(to);
    }

    /** {@code in}, telling {@code progress} the bytes read so far, at most once per mebibyte. */
    public static InputStream counting(InputStream in, LongConsumer progress) {
        return new CountingInputStream(in, new CountingInputStream.Listener() {
            private long reported;

            @Override
            public void counted(long done, boolean closed) {
                if (closed || done - reported >= BUFFER) {
                    reported = done;
                    progress.accept(done);
                }
            }
        });
    }

    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: leftovers carry a temporary name and are cleaned by the next backup
        }
    }
}
