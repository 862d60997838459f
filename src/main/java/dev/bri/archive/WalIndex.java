package dev.bri.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * SQLite's own view of the WAL, read from the header of the wal-index ({@code -shm} file,
 * https://www.sqlite.org/walformat.html#the_wal_index_file_format): the salts of the WAL generation in use and
 * {@code mxFrame}, the number of frames up to the last commit. The archiver compares it with what it read from the
 * WAL file: when another connection checkpointed and reset the WAL between a commit and the archiver's read of it,
 * the WAL file no longer holds those frames, but the wal-index shows a generation (or frame count) the archiver never
 * saw.
 *
 * <p>Layout of the 48-byte header, stored twice (offsets 0 and 48; equal when no write is in progress): iVersion,
 * unused, iChange, isInit (1 byte), bigEndCksum (1), szPage (2), mxFrame, nPage, aFrameCksum[2], aSalt[2], aCksum[2].
 * Integers are in the host's byte order; the salts are the WAL header's bytes copied as they are (big-endian).
 *
 * @param salt1    salt-1 of the generation SQLite uses
 * @param salt2    salt-2
 * @param mxFrame  frames up to the last commit in that generation (0: the WAL is logically empty)
 */
public record WalIndex(long salt1, long salt2, long mxFrame) {

    private static final int HEADER = 48;
    private static final int ATTEMPTS = 20;

    public static Path shmOf(Path dbFile) {
        return dbFile.resolveSibling(dbFile.getFileName() + "-shm");
    }

    /**
     * The wal-index header, or null when there is none (no {@code -shm} file, not initialised yet, or the two copies
     * kept differing: a write by another connection in progress).
     */
    public static WalIndex read(Path shm) throws IOException {
        byte[] both = new byte[2 * HEADER];
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (FileChannel channel = FileChannel.open(shm, StandardOpenOption.READ)) {
                if (channel.size() < both.length) {
                    return null;
                }
                ByteBuffer b = ByteBuffer.wrap(both);
                while (b.hasRemaining()) {
                    if (channel.read(b, b.position()) < 0) {
                        return null;
                    }
                }
            } catch (NoSuchFileException e) {
                return null;
            }
            if (!Arrays.equals(both, 0, HEADER, both, HEADER, 2 * HEADER)) {
                Thread.onSpinWait();
                continue;
            }
            if (both[12] == 0) {
                return null; // isInit: not initialised by a connection yet
            }
            ByteBuffer host = ByteBuffer.wrap(both).order(ByteOrder.nativeOrder());
            ByteBuffer big = ByteBuffer.wrap(both).order(ByteOrder.BIG_ENDIAN);
            return new WalIndex(Integer.toUnsignedLong(big.getInt(32)), Integer.toUnsignedLong(big.getInt(36)),
                    Integer.toUnsignedLong(host.getInt(16)));
        }
        return null;
    }

    public boolean sameSalts(WalIndex other) {
        return other != null && salt1 == other.salt1 && salt2 == other.salt2;
    }

    /** True when the wal-index describes exactly the WAL read up to {@code position}. */
    public boolean describes(WalPosition position) {
        return !position.none() && salt1 == position.salt1() && salt2 == position.salt2()
                && mxFrame == position.frames();
    }

    @Override
    public String toString() {
        return String.format("wal-index:%08x-%08x frames=%d", salt1, salt2, mxFrame);
    }
}
