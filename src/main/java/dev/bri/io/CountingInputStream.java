package dev.bri.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes a reader takes (read or skipped) and tells a {@link Listener} the running total after each read
 * and once more on close. The listener decides what a count means: progress to report, or a limit whose excess it
 * refuses by throwing.
 */
public final class CountingInputStream extends FilterInputStream {

    /** Told the total so far; {@code closed} on the last call, from {@link #close()}. */
    @FunctionalInterface
    public interface Listener {
        void counted(long total, boolean closed);
    }

    private final Listener counted;
    private long total;

    public CountingInputStream(InputStream in, Listener counted) {
        super(in);
        this.counted = counted;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            count(skipped);
        }
        return skipped;
    }

    /** Mark and reset would count bytes twice. */
    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        counted.counted(total, true);
        super.close();
    }

    private void count(long n) {
        total += n;
        counted.counted(total, false);
    }
}
