package dev.bri.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive lock on {@code <data-dir>/bri.lock}, held by the service for as long as it has the database open. The
 * service serializes writes and swaps the database file (restore) inside one process; a second process on the same
 * files (a replacement pod started while the old one still terminates, a second container on the same volume) would
 * write behind that lock and could replace a file the other has open. The lock is an operating-system record lock:
 * it goes away with the process, however the process ends, so a crash never leaves a stale lock behind.
 */
public final class DataDirectoryLock implements AutoCloseable {

    public static final String FILE_NAME = "bri.lock";

    /** Another process holds the lock: the message names the directory and, when recorded, the holder. */
    public static final class InUseException extends StorageException {
        InUseException(Path dir, String holder) {
            super("data directory " + dir + " is in use by another bri-context process"
                    + (holder.isBlank() ? "" : " (" + holder + ")")
                    + ": refusing to start, two processes on one SQLite database would corrupt it."
                    + " Stop the other process first (in Kubernetes: wait for the old pod to terminate).");
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails at once with {@link InUseException}; never waits. */
    public static DataDirectoryLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM already: as much in use as by another process
            }
            if (lock == null) {
                channel.close();
                throw new InUseException(dataDir.toAbsolutePath(), holder(file));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(describeThisProcess().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StorageException("cannot lock data directory " + dataDir.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it as well
        } finally {
            closeQuietly(channel);
        }
    }

    /** Recorded in the file for the message of a process that finds the lock taken; a pod's HOSTNAME is its name. */
    private static String describeThisProcess() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "unknown";
            }
        }
        return "pid=" + ProcessHandle.current().pid() + " host=" + host + " since=" + Instant.now() + "\n";
    }

    private static String holder(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
