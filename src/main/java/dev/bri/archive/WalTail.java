package dev.bri.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads committed transactions from a SQLite WAL file (https://www.sqlite.org/fileformat2.html#walformat): a 32-byte
 * header (magic, format, page size, checkpoint sequence, salt-1, salt-2, checksum) and frames of a 24-byte header
 * (page number, database size in pages after commit or 0, salts, cumulative checksum) plus one page. A frame is valid
 * when its salts match the header and its checksum continues the chain; the first invalid frame ends the log, exactly
 * as SQLite's own recovery decides. Only whole transactions are returned: frames after the last commit frame belong
 * to a transaction still being written (or rolled back) and are left for the next read.
 */
public final class WalTail {

    public static final int HEADER_BYTES = 32;
    public static final int FRAME_HEADER_BYTES = 24;
    private static final int MAGIC_LE = 0x377f0682;
    private static final int MAGIC_BE = 0x377f0683;

    /** One page image of a transaction. */
    public record Frame(int pageNumber, byte[] page) {
    }

    /** The frames of one committed transaction and the position just past its commit frame. */
    public record Transaction(List<Frame> frames, int databasePages, WalPosition end) {
        public long bytes() {
            return frames.size() * (long) (FRAME_HEADER_BYTES + end.pageSize());
        }
    }

    /**
     * @param reset true when the WAL is no longer the generation {@code from} was in (salts changed, file deleted or
     *              truncated): the transactions then start at the new generation's first frame
     */
    public record Read(List<Transaction> transactions, WalPosition position, boolean reset) {
    }

    private WalTail() {
    }

    public static Path walOf(Path dbFile) {
        return dbFile.resolveSibling(dbFile.getFileName() + "-wal");
    }

    /**
     * Reads the transactions committed after {@code from}, stopping once about {@code maxBytes} have been read (at a
     * commit boundary; call again for the rest).
     */
    public static Read read(Path wal, WalPosition from, long maxBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.READ)) {
            return read(channel, from, maxBytes);
        } catch (NoSuchFileException e) {
            return new Read(List.of(), WalPosition.NONE, !from.none());
        }
    }

    static Read read(FileChannel channel, WalPosition from, long maxBytes) throws IOException {
        long size = channel.size();
        WalPosition header = header(channel, size);
        if (header == null) {
            return new Read(List.of(), WalPosition.NONE, !from.none());
        }
        boolean reset = !from.sameGeneration(header) && !from.none();
        WalPosition start = from.sameGeneration(header) ? from : header;
        if (start.offset() > size) {
            // the file is shorter than what was read from it: truncated, never legitimately
            return new Read(List.of(), header, true);
        }
        List<Transaction> committed = new ArrayList<>();
        List<Frame> open = new ArrayList<>();
        int pageSize = start.pageSize();
        ByteBuffer frameHeader = ByteBuffer.allocate(FRAME_HEADER_BYTES);
        long offset = start.offset();
        long[] sum = {start.checksum1(), start.checksum2()};
        long read = 0;
        WalPosition position = start;
        while (offset + FRAME_HEADER_BYTES + pageSize <= size && read < maxBytes) {
            frameHeader.clear();
            readFully(channel, frameHeader, offset);
            ByteBuffer page = ByteBuffer.allocate(pageSize);
            readFully(channel, page, offset + FRAME_HEADER_BYTES);
            frameHeader.flip();
            int pageNumber = frameHeader.getInt(0);
            long dbPages = Integer.toUnsignedLong(frameHeader.getInt(4));
            long salt1 = Integer.toUnsignedLong(frameHeader.getInt(8));
            long salt2 = Integer.toUnsignedLong(frameHeader.getInt(12));
            if (pageNumber == 0 || salt1 != start.salt1() || salt2 != start.salt2()) {
                break;
            }
            long[] next = checksum(frameHeader.array(), 0, 8, sum, start.bigEndianChecksums());
            next = checksum(page.array(), 0, pageSize, next, start.bigEndianChecksums());
            if (next[0] != Integer.toUnsignedLong(frameHeader.getInt(16))
                    || next[1] != Integer.toUnsignedLong(frameHeader.getInt(20))) {
                break;
            }
            sum = next;
            offset += FRAME_HEADER_BYTES + pageSize;
            open.add(new Frame(pageNumber, page.array()));
            if (dbPages != 0) {
                position = new WalPosition(start.salt1(), start.salt2(), start.checkpointSeq(), pageSize,
                        start.bigEndianChecksums(), offset,
                        sum[0], sum[1]);
                committed.add(new Transaction(List.copyOf(open), (int) dbPages, position));
                read += open.size() * (long) (FRAME_HEADER_BYTES + pageSize);
                open.clear();
            }
        }
        if (!committed.isEmpty()) {
            // The salts were checked against the header read before the frames: a WAL reset and rewritten while
            // they were read (only another process could do that; the archiver reads with writes paused) must not
            // pass for the generation read.
            WalPosition again = header(channel, channel.size());
            if (again == null || !again.sameGeneration(header)) {
                throw new IOException("the WAL was reset while it was read (" + header + " -> " + again + ")");
            }
        }
        return new Read(committed, position, reset);
    }

    /** The header of a WAL file as a position before its first frame, or null when it has no valid header. */
    static WalPosition header(FileChannel channel, long size) throws IOException {
        if (size < HEADER_BYTES) {
            return null;
        }
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
        readFully(channel, h, 0);
        int magic = h.getInt(0);
        if (magic != MAGIC_LE && magic != MAGIC_BE) {
            return null;
        }
        boolean bigEndian = magic == MAGIC_BE;
        long[] sum = checksum(h.array(), 0, 24, new long[]{0, 0}, bigEndian);
        if (sum[0] != Integer.toUnsignedLong(h.getInt(24)) || sum[1] != Integer.toUnsignedLong(h.getInt(28))) {
            return null;
        }
        int pageSize = h.getInt(8);
        if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            return null;
        }
        return new WalPosition(Integer.toUnsignedLong(h.getInt(16)), Integer.toUnsignedLong(h.getInt(20)),
                Integer.toUnsignedLong(h.getInt(12)), pageSize, bigEndian, HEADER_BYTES, sum[0], sum[1]);
    }

    /** The header of the WAL next to a database file, or {@link WalPosition#NONE}. */
    public static WalPosition header(Path wal) throws IOException {
        if (!Files.exists(wal)) {
            return WalPosition.NONE;
        }
        try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.READ)) {
            WalPosition h = header(channel, channel.size());
            return h == null ? WalPosition.NONE : h;
        } catch (NoSuchFileException e) {
            return WalPosition.NONE;
        }
    }

    /**
     * SQLite's WAL checksum over 32-bit words in the byte order the magic number names: s0 += x[i] + s1;
     * s1 += x[i+1] + s0, unsigned 32-bit arithmetic.
     */
    static long[] checksum(byte[] data, int from, int length, long[] initial, boolean bigEndian) {
        ByteBuffer b = ByteBuffer.wrap(data, from, length).order(bigEndian
                ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN);
        int s0 = (int) initial[0];
        int s1 = (int) initial[1];
        for (int i = from; i < from + length; i += 8) {
            s0 += b.getInt(i) + s1;
            s1 += b.getInt(i + 4) + s0;
        }
        return new long[]{Integer.toUnsignedLong(s0), Integer.toUnsignedLong(s1)};
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("WAL ended at " + at + " while reading a frame");
            }
            at += n;
        }
    }
}
