package dev.bri.archive;

/**
 * A point in the live database's WAL: the generation (salts, page size, checksum byte order) and, within it, the byte
 * offset just past the last frame read together with the cumulative checksum there. Frames are only accepted when
 * they continue this checksum chain, so a position identifies the exact history of commits that led to it.
 *
 * @param offset byte offset of the next frame; {@value WalTail#HEADER_BYTES} when no frame has been read in this
 *               generation
 */
public record WalPosition(long salt1, long salt2, long checkpointSeq, int pageSize, boolean bigEndianChecksums,
        long offset, long checksum1, long checksum2) {

    /** No WAL generation seen yet (no WAL file, or one without a header). */
    public static final WalPosition NONE = new WalPosition(-1, -1, -1, 0, false, WalTail.HEADER_BYTES, 0, 0);

    public boolean none() {
        return salt1 < 0;
    }

    public boolean sameGeneration(WalPosition other) {
        return !none() && salt1 == other.salt1 && salt2 == other.salt2;
    }

    /**
     * True when {@code next} is the generation SQLite starts when it restarts the WAL after a complete checkpoint of
     * this one: salt-1 one higher, same page size (sqlite3.c walRestartHdr). The checkpoint sequence is not compared:
     * SQLite writes the restarting connection's own counter there ({@code pWal->nCkpt}, read from the header only by
     * the connection that ran recovery), so with a pool of connections it can go up by any amount or not at all. A
     * WAL deleted and recreated (last connection closed by another process) starts with random salts instead.
     */
    public boolean restartedAs(WalPosition next) {
        return !none() && !next.none() && next.salt1 == ((salt1 + 1) & 0xffffffffL) && next.pageSize == pageSize;
    }

    /** Frames read in this generation. */
    public long frames() {
        return none() ? 0 : (offset - WalTail.HEADER_BYTES) / (WalTail.FRAME_HEADER_BYTES + pageSize);
    }

    @Override
    public String toString() {
        return none() ? "wal:none" : String.format("wal:%08x-%08x@%d", salt1, salt2, offset);
    }
}
