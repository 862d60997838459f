package dev.bri.archive;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bri.backup.FileOps;
import dev.bri.io.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The archive segment format. A segment is written front to back as transactions commit and sealed by appending its
 * footer:
 *
 * <pre>
 * "BRIWALS1"
 * record*   'T' | commit time, epoch µs (8) | database pages after commit (4) | frames (4) | WAL end offset (8)
 *           | WAL salt-1 (4) | salt-2 (4) | (page number (4) | page)* | CRC-32 of the record (4)
 * footer    'F' | footer JSON | its length (4) | SHA-256 of every byte before it (32)
 * </pre>
 *
 * Big-endian throughout. The per-record CRC lets the commit times of an unsealed file be recovered after a crash; the
 * SHA-256 seals the whole file.
 */
public final class SegmentFile {

    static final byte[] MAGIC = "BRIWALS1".getBytes(StandardCharsets.US_ASCII);
    private static final int TRAILER = 4 + 32;
    /** A record's fixed part: marker, commit time, database pages, frames, WAL end offset, salts. */
    private static final int HEADER = 33;
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One transaction as stored: the commit time the archiver recorded and its pages in WAL order. */
    public record Record(Instant committedAt, int databasePages, long walEndOffset, long salt1, long salt2,
            List<WalTail.Frame> frames) {
    }

    /** A segment's file that failed its checksum or could not be parsed. */
    public static final class CorruptSegmentException extends IOException {
        public CorruptSegmentException(Path file, String detail) {
            super("segment " + file.getFileName() + " is corrupt: " + detail);
        }
    }

    private SegmentFile() {
    }

    /** An open, unsealed segment. Not thread-safe: the archiver calls it under its own lock. */
    public static final class Writer implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final MessageDigest digest = FileOps.sha256();
        private final int pageSize;
        private long bytes;
        private long records;
        private long frames;
        private Instant firstCommit;
        private Instant lastCommit;

        public Writer(Path file, int pageSize) throws IOException {
            this.file = file;
            this.pageSize = pageSize;
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            write(ByteBuffer.wrap(MAGIC));
        }

        public Path file() {
            return file;
        }

        public int pageSize() {
            return pageSize;
        }

        public long records() {
            return records;
        }

        public long frames() {
            return frames;
        }

        public long bytes() {
            return bytes;
        }

        public Instant firstCommit() {
            return firstCommit;
        }

        public Instant lastCommit() {
            return lastCommit;
        }

        public void append(WalTail.Transaction tx, Instant committedAt) throws IOException {
            if (tx.end().pageSize() != pageSize) {
                throw new IOException("page size changed from " + pageSize + " to " + tx.end().pageSize());
            }
            append(new Record(committedAt, tx.databasePages(), tx.end().offset(), tx.end().salt1(), tx.end().salt2(),
                    tx.frames()));
        }

        public void append(Record r) throws IOException {
            int length = 1 + 8 + 4 + 4 + 8 + 4 + 4 + r.frames().size() * (4 + pageSize) + 4;
            ByteBuffer b = ByteBuffer.allocate(length);
            b.put((byte) 'T').putLong(micros(r.committedAt())).putInt(r.databasePages()).putInt(r.frames().size())
                    .putLong(r.walEndOffset()).putInt((int) r.salt1()).putInt((int) r.salt2());
            for (WalTail.Frame f : r.frames()) {
                b.putInt(f.pageNumber()).put(f.page());
            }
            CRC32 crc = new CRC32();
            crc.update(b.array(), 0, length - 4);
            b.putInt((int) crc.getValue());
            b.flip();
            write(b);
            records++;
            frames += r.frames().size();
            if (firstCommit == null) {
                firstCommit = r.committedAt();
            }
            lastCommit = r.committedAt();
        }

        /** Appends the footer, fsyncs and renames to {@code target} (atomic, directory fsynced). */
        public void seal(SegmentFooter footer, Path target) throws IOException {
            byte[] json = JSON.writeValueAsBytes(footer);
            ByteBuffer b = ByteBuffer.allocate(1 + json.length + 4);
            b.put((byte) 'F').put(json).putInt(json.length).flip();
            write(b);
            channel.write(ByteBuffer.wrap(digest.digest()));
            channel.force(true);
            channel.close();
            DurableFiles.publish(file, target);
        }

        private void write(ByteBuffer b) throws IOException {
            digest.update(b.duplicate());
            while (b.hasRemaining()) {
                bytes += channel.write(b);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Reads the footer only (no checksum over the body): enough to plan a restore. */
    public static SegmentFooter footer(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < MAGIC.length + TRAILER + 1) {
                throw new CorruptSegmentException(file, "too short (" + size + " bytes)");
            }
            ByteBuffer len = ByteBuffer.allocate(4);
            read(channel, len, size - TRAILER);
            int jsonLength = len.getInt(0);
            if (jsonLength <= 0 || jsonLength > size - TRAILER - MAGIC.length - 1) {
                throw new CorruptSegmentException(file, "bad footer length");
            }
            ByteBuffer json = ByteBuffer.allocate(jsonLength);
            read(channel, json, size - TRAILER - jsonLength);
            try {
                return JSON.readValue(json.array(), SegmentFooter.class);
            } catch (IOException e) {
                throw new CorruptSegmentException(file, "unreadable footer");
            }
        }
    }

    /** Checks the SHA-256 trailer over the whole file; throws {@link CorruptSegmentException} when it differs. */
    public static SegmentFooter verify(Path file) throws IOException {
        SegmentFooter footer = footer(file);
        MessageDigest digest = FileOps.sha256();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        byte[] stored = new byte[32];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = channel.size() - 32;
            long at = 0;
            while (at < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
                int n = channel.read(buffer, at);
                if (n < 0) {
                    break;
                }
                buffer.flip();
                digest.update(buffer);
                at += n;
            }
            ByteBuffer trailer = ByteBuffer.wrap(stored);
            read(channel, trailer, end);
        }
        byte[] actual = digest.digest();
        if (!MessageDigest.isEqual(actual, stored)) {
            throw new CorruptSegmentException(file, "SHA-256 " + HexFormat.of().formatHex(actual) + " but trailer says "
                    + HexFormat.of().formatHex(stored));
        }
        return footer;
    }

    /** Receives records in order; return false to stop reading. */
    @FunctionalInterface
    public interface RecordVisitor {
        boolean visit(Record record) throws IOException;
    }

    /**
     * Reads records in order, checking each record's CRC, until the footer, a damaged record (sealed: an error;
     * unsealed: the end of what was written) or the visitor stops. Returns the number of records visited. Each record
     * is a copy the visitor may keep; {@link #replay} reads the same records without copying them.
     */
    public static long records(Path file, int pageSize, boolean sealed, RecordVisitor visitor) throws IOException {
        return scan(file, pageSize, sealed, false, view -> visitor.visit(view.copy()));
    }

    /** Receives the commit times of {@link #commitTimes} in order; return false to stop. */
    @FunctionalInterface
    public interface CommitVisitor {
        boolean visit(Instant committedAt);
    }

    /**
     * Reads only the record headers of a sealed segment (no page, no checksum): what planning a restore needs. The
     * rebuild and a dry run check every byte; this throws {@link CorruptSegmentException} only where the record
     * framing itself is broken.
     */
    public static void commitTimes(Path file, int pageSize, CommitVisitor visitor) throws IOException {
        scan(file, pageSize, true, true, view -> visitor.visit(view.committedAt()));
    }

    /**
     * One transaction as {@link #replay} reads it: a view into the reader's buffer, valid only during the visit (the
     * buffer is reused for the next record, so a restore allocates nothing per record).
     */
    public static final class RecordView {
        private final int pageSize;
        private ByteBuffer buffer;
        private int offset;
        private int frames;

        private RecordView(int pageSize) {
            this.pageSize = pageSize;
        }

        public Instant committedAt() {
            return fromMicros(buffer.getLong(offset + 1));
        }

        /** The database size in pages after this commit. */
        public int databasePages() {
            return buffer.getInt(offset + 9);
        }

        public int frames() {
            return frames;
        }

        public int pageNumber(int frame) {
            return buffer.getInt(frameAt(frame));
        }

        /** The page image of frame {@code frame}: a fresh view (position 0, limit the page size) of the buffer. */
        public ByteBuffer page(int frame) {
            return buffer.slice(frameAt(frame) + 4, pageSize);
        }

        private int frameAt(int frame) {
            return offset + HEADER + frame * (4 + pageSize);
        }

        /** This record copied out of the buffer. */
        Record copy() {
            List<WalTail.Frame> list = new ArrayList<>(frames);
            for (int i = 0; i < frames; i++) {
                byte[] page = new byte[pageSize];
                page(i).get(page);
                list.add(new WalTail.Frame(pageNumber(i), page));
            }
            return new Record(committedAt(), databasePages(), buffer.getLong(offset + 17),
                    Integer.toUnsignedLong(buffer.getInt(offset + 25)),
                    Integer.toUnsignedLong(buffer.getInt(offset + 29)), list);
        }
    }

    /** Receives the records of {@link #replay} in order; return false to stop. */
    @FunctionalInterface
    public interface ReplayVisitor {
        boolean visit(RecordView record) throws IOException;
    }

    /**
     * Reads a sealed segment's records front to back (each record's CRC checked), handing each to the visitor until
     * it returns false. Does not check the SHA-256 trailer: a restore runs {@link #verify} beside it (another thread)
     * and publishes nothing before both have passed.
     */
    public static void replay(Path file, int pageSize, ReplayVisitor visitor) throws IOException {
        scan(file, pageSize, true, false, visitor);
    }

    /**
     * The one reader of the record framing: magic, then records ({@code 'T'}, commit time, database pages, frames,
     * WAL end offset, salts, the frames, a CRC) up to the footer record ({@code 'F'}). With {@code headersOnly} it
     * reads each record's fixed part and skips its frames (no CRC: the view holds the header only).
     *
     * @param sealed a sealed segment (the SHA-256 trailer follows the footer; any damage is an error) rather than the
     *               pending file being written (its end is where the writer stopped: damage there ends the records)
     */
    private static long scan(Path file, int pageSize, boolean sealed, boolean headersOnly, ReplayVisitor visitor)
            throws IOException {
        long count = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = sealed ? channel.size() - TRAILER : channel.size();
            SequentialReader in = new SequentialReader(channel, end, headersOnly ? HEADER : SequentialReader.CHUNK);
            if (!in.ensure(0, MAGIC.length)) {
                return incomplete(file, sealed, 0, "too short");
            }
            if (!in.bytesEqual(0, MAGIC)) {
                throw new CorruptSegmentException(file, "not a segment (bad magic)");
            }
            RecordView view = new RecordView(pageSize);
            CRC32 crc = new CRC32();
            long at = MAGIC.length;
            while (at < end) {
                if (!in.ensure(at, HEADER)) {
                    return incomplete(file, sealed, count, "truncated record header at " + at);
                }
                ByteBuffer b = in.buffer();
                int offset = in.index(at);
                byte kind = b.get(offset);
                if (kind == 'F') {
                    return count;
                }
                if (kind != 'T') {
                    return incomplete(file, sealed, count, "bad record marker at " + at);
                }
                int frames = b.getInt(offset + 13);
                long length = HEADER + frames * (4L + pageSize) + 4;
                if (frames < 0 || at + length > end || length > Integer.MAX_VALUE - 16) {
                    return incomplete(file, sealed, count, "truncated record at " + at);
                }
                if (!headersOnly) {
                    if (!in.ensure(at, (int) length)) {
                        return incomplete(file, sealed, count, "truncated record at " + at);
                    }
                    b = in.buffer();
                    offset = in.index(at);
                    crc.reset();
                    crc.update(b.slice(offset, (int) length - 4));
                    if ((int) crc.getValue() != b.getInt(offset + (int) length - 4)) {
                        return incomplete(file, sealed, count, "record CRC mismatch at " + at);
                    }
                }
                view.buffer = b;
                view.offset = offset;
                view.frames = frames;
                count++;
                at += length;
                if (!visitor.visit(view)) {
                    return count;
                }
            }
        }
        return incomplete(file, sealed, count, "no footer");
    }

    /**
     * Reads a file front to back, up to {@code end}, into one reused direct buffer (no copy on the way in, none on the
     * way out to another channel); callers ask for windows at increasing offsets, and a window past what was read
     * skips the bytes between.
     */
    private static final class SequentialReader {
        static final int CHUNK = 1 << 20;
        private final FileChannel channel;
        private final long end;
        /** The most one read takes: a chunk when every byte is wanted, a header when the frames are skipped. */
        private final int readSize;
        private ByteBuffer buffer;
        /** File offset of buffer index 0; the buffer holds the file's bytes up to its limit. */
        private long start;

        SequentialReader(FileChannel channel, long end, int readSize) {
            this.channel = channel;
            this.end = end;
            this.readSize = readSize;
            this.buffer = ByteBuffer.allocateDirect(Math.max(readSize, HEADER));
            buffer.limit(0);
        }

        ByteBuffer buffer() {
            return buffer;
        }

        int index(long at) {
            return (int) (at - start);
        }

        boolean bytesEqual(long at, byte[] expected) {
            for (int i = 0; i < expected.length; i++) {
                if (buffer.get(index(at) + i) != expected[i]) {
                    return false;
                }
            }
            return true;
        }

        /** Makes the bytes [at, at + length) available in the buffer; false when the file ends before. */
        boolean ensure(long at, int length) throws IOException {
            if (at + length > end) {
                return false;
            }
            long filled = start + buffer.limit();
            if (at + length <= filled) {
                return true;
            }
            // keep what was read of [at, filled), growing the buffer when one record is larger than it
            int keep = (int) Math.max(0, filled - at);
            ByteBuffer next = length > buffer.capacity()
                    ? ByteBuffer.allocateDirect(Math.max(length, 2 * buffer.capacity()))
                    : buffer;
            ByteBuffer kept = buffer.slice(keep == 0 ? 0 : index(at), keep);
            next.clear();
            next.put(kept); // within one buffer this moves bytes towards its start: safe for an overlapping copy
            start = at;
            buffer = next;
            while (buffer.position() < length) {
                fill();
            }
            buffer.flip();
            return true;
        }

        /** One read at the buffer's position, at most {@code readSize} and never past {@code end}. */
        private void fill() throws IOException {
            long at = start + buffer.position();
            int room = (int) Math.min(Math.min(buffer.remaining(), readSize), end - at);
            int n = channel.read(buffer.slice(buffer.position(), room), at);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + at);
            }
            buffer.position(buffer.position() + n);
        }
    }

    private static long incomplete(Path file, boolean sealed, long count, String detail) throws IOException {
        if (sealed) {
            throw new CorruptSegmentException(file, detail);
        }
        return count;
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    private static void read(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + at);
            }
            at += n;
        }
        buffer.flip();
    }
}
