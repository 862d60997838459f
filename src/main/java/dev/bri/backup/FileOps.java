package dev.bri.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

    public static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Makes a rename or delete in {@code dir} durable. */
    public static void fsyncDir(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems refuse to open directories for fsync; the rename itself stays atomic
            if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
                return;
            }
            throw e;
        }
    }

    /** Renames atomically over any existing target and makes it durable. */
    public static void publish(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(target.getParent());
    }

    /** Copies {@code from} to {@code to} (kernel copy where possible) and returns the bytes copied. */
    public static long copy(Path from, Path to) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long position = 0;
            long n;
            while ((n = in.transferTo(position, Long.MAX_VALUE, out)) > 0) {
                position += n;
            }
            return position;
        }
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return hex(digest);
    }

    /** Gzips {@code from} into {@code to}, returning the SHA-256 of the compressed bytes as written. */
    public static String gzip(Path from, Path to, int level) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(from);
                OutputStream file = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW);
                OutputStream hashed = new java.security.DigestOutputStream(file, digest);
                GZIPOutputStream gz = new GZIPOutputStream(hashed, BUFFER) {
                    {
                        def.setLevel(level < 1 || level > 9 ? Deflater.BEST_SPEED : level);
                    }
                }) {
            in.transferTo(gz);
        }
        fsync(to);
        return hex(digest);
    }

    public static void gunzip(Path from, Path to) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(from), BUFFER);
                OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW)) {
            in.transferTo(out);
        }
        fsync(to);
    }

    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: leftovers carry a temporary name and are cleaned by the next backup
        }
    }
}
