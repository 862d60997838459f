package dev.bri.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One backup or restore at a time per backup directory, across every trigger: an in-process claim (schedule, API)
 * plus an OS file lock on {@code <dir>/.lock} (an offline CLI run in another process). The holder's id is written into
 * the lock file so a refused caller can name it.
 */
public final class BackupLock implements AutoCloseable {

    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private BackupLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    public static BackupLock acquire(BackupStore store, String id) throws IOException {
        Path dir = store.dir();
        String running = HELD.putIfAbsent(dir, id);
        if (running != null) {
            throw new BackupBusyException(running);
        }
        FileChannel channel = null;
        try {
            store.ensureExists();
            channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ByteBuffer buffer = ByteBuffer.allocate(200);
                channel.read(buffer, 0);
                String other = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
                throw new BackupBusyException(other.isEmpty() ? "unknown (another process)" : other);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(id.getBytes(StandardCharsets.UTF_8)), 0);
            return new BackupLock(dir, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(dir, id);
            if (channel != null) {
                channel.close();
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
            HELD.remove(dir);
        }
    }
}
