package dev.bri.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import picocli.CommandLine.Help.Ansi;

/**
 * Progress of a long CLI operation (backup create, verify, restore; any later command that moves many bytes, such as
 * a migration): what it is doing now (a phase), how many bytes of how many are done, the rate and the time left.
 * <ul>
 * <li>{@link Mode#BAR} on a terminal: one line redrawn in place (a bar, bytes, rate, ETA), at most every 100 ms;
 * messages are printed above it.</li>
 * <li>{@link Mode#LINES} when the output is not a terminal (logs, CI): a plain line per phase start, then at most one
 * every {@code interval}, and one when the phase ends.</li>
 * <li>{@link Mode#JSON} ({@code --output=json}): the same events as JSON objects, one per line, for scripts.</li>
 * </ul>
 * Progress goes to standard error, so standard output keeps only the command's result ({@link #say}); with
 * {@code --output=json} both are JSON lines on standard output, ending with a {@code result} event. Safe to call from
 * the worker threads of the operation.
 */
public final class ProgressReporter implements AutoCloseable {

    /** How progress is shown. */
    public enum Mode {
        BAR, LINES, JSON;

        /** {@code json} when asked for; else a bar on a terminal (picocli's console detection), lines otherwise. */
        static Mode of(OutputFormat output) {
            if (output == OutputFormat.JSON) {
                return JSON;
            }
            return Ansi.AUTO.enabled() && System.console() != null ? BAR : LINES;
        }
    }

    /** The {@code --output} option of the commands that report progress. */
    public enum OutputFormat {
        TEXT, JSON
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BAR_WIDTH = 24;
    private static final long REDRAW_NANOS = Duration.ofMillis(100).toNanos();

    private final PrintStream out;
    private final PrintStream results;
    private final Mode mode;
    private final long intervalNanos;
    private final LongSupplier clock;

    private String phase;
    private long total = -1;
    private long done;
    private long phaseStarted;
    private long lastShown = Long.MIN_VALUE;
    private boolean barDrawn;

    /**
     * @param out      where progress goes (standard error in the CLI, standard output for JSON)
     * @param results  where the command's result lines go in the text modes (standard output)
     * @param interval how often {@link Mode#LINES} and {@link Mode#JSON} report while a phase runs
     * @param clock    nanoseconds, monotonic ({@code System::nanoTime}; tests pass their own)
     */
    public ProgressReporter(PrintStream out, PrintStream results, Mode mode, Duration interval, LongSupplier clock) {
        this.out = out;
        this.results = results;
        this.mode = mode;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    /** The CLI's reporter: standard error, lines every 5 s when not on a terminal. */
    public static ProgressReporter forConsole(OutputFormat output) {
        Mode mode = Mode.of(output);
        return new ProgressReporter(mode == Mode.JSON ? System.out : System.err, System.out, mode,
                Duration.ofSeconds(5), System::nanoTime);
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Starts a phase that moves {@code total} bytes ({@code -1}: unknown); ends the phase before it, if any.
     *
     * @param phase a short lower-case name, e.g. {@code stage}, {@code checksum}, {@code copy}
     */
    public synchronized void start(String phase, long total) {
        finish();
        this.phase = phase;
        this.total = total;
        this.done = 0;
        this.phaseStarted = clock.getAsLong();
        this.lastShown = phaseStarted;
        switch (mode) {
            case BAR -> drawBar();
            case LINES -> out.println(phase + ": started" + (total >= 0 ? ", " + size(total) : ""));
            case JSON -> out.println(event("start").put("total_bytes", total));
        }
    }

    /** Bytes of the current phase done so far; starts a phase of that name when another (or none) is running. */
    public synchronized void bytes(String phase, long done, long total) {
        if (!phase.equals(this.phase)) {
            start(phase, total);
        }
        this.done = done;
        this.total = total;
        long now = clock.getAsLong();
        long every = mode == Mode.BAR ? REDRAW_NANOS : intervalNanos;
        if (now - lastShown < every) {
            return;
        }
        lastShown = now;
        switch (mode) {
            case BAR -> drawBar();
            case LINES -> out.println(phase + ": " + figures(now));
            case JSON -> progress(event("progress"), now);
        }
    }

    /**
     * Something a person should know now (a step finished, the operation waits for something): printed on its own
     * line, above the bar on a terminal.
     */
    public synchronized void message(String text) {
        switch (mode) {
            case BAR -> {
                clearBar();
                out.println(text);
                if (phase != null) {
                    drawBar();
                }
            }
            case LINES -> out.println(text);
            case JSON -> {
                ObjectNode node = JSON.createObjectNode();
                node.put("event", "message");
                if (phase != null) {
                    node.put("phase", phase);
                }
                node.put("message", text);
                out.println(node);
            }
        }
    }

    /**
     * A line of the command's result ("created ...", "restored ..."): standard output in the text modes (the bar is
     * redrawn below it), a {@code message} event in JSON.
     */
    public synchronized void say(String text) {
        switch (mode) {
            case BAR -> {
                clearBar();
                out.flush();
                results.println(text);
                results.flush();
                if (phase != null) {
                    drawBar();
                }
            }
            case LINES -> results.println(text);
            case JSON -> message(text);
        }
    }

    /**
     * Work the CLI waits for without byte counts (the service taking a backup): shown as the phase and the time it
     * has run, at the same pace as byte progress.
     */
    public synchronized void waiting(String phase) {
        bytes(phase, 0, -1);
    }

    /** Ends the output: the last phase, and in JSON a {@code result} event with the command's exit code. */
    public synchronized void result(int exitCode) {
        finish();
        if (mode == Mode.JSON) {
            ObjectNode node = JSON.createObjectNode();
            node.put("event", "result");
            node.put("exit_code", exitCode);
            out.println(node);
        }
        out.flush();
    }

    /** Ends the current phase, reporting its final figures; does nothing when no phase runs. */
    public synchronized void finish() {
        if (phase == null) {
            return;
        }
        long now = clock.getAsLong();
        switch (mode) {
            case BAR -> {
                drawBar();
                out.println();
                barDrawn = false;
            }
            case LINES -> out.println(phase + ": done" + (done > 0 ? ", " + size(done) : "") + " in "
                    + seconds(now - phaseStarted) + rate(now));
            case JSON -> progress(event("done"), now);
        }
        phase = null;
    }

    @Override
    public synchronized void close() {
        finish();
        out.flush();
    }

    private ObjectNode event(String event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("event", event);
        node.put("phase", phase);
        return node;
    }

    private void progress(ObjectNode node, long now) {
        node.put("bytes", done);
        node.put("total_bytes", total);
        double elapsed = (now - phaseStarted) / 1e9;
        node.put("elapsed_seconds", Math.round(elapsed * 1000) / 1000.0);
        if (elapsed > 0) {
            node.put("bytes_per_second", Math.round(done / elapsed));
        }
        Long eta = etaSeconds(now);
        if (eta != null) {
            node.put("eta_seconds", eta);
        }
        out.println(node);
    }

    private void drawBar() {
        long now = clock.getAsLong();
        StringBuilder line = new StringBuilder("\r");
        if (total > 0) {
            int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
            line.append('[').append("=".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ");
        }
        line.append(phase).append(' ').append(figures(now));
        line.append("\033[K"); // erase what a longer previous line left
        out.print(line);
        out.flush();
        barDrawn = true;
    }

    private void clearBar() {
        if (barDrawn) {
            out.print("\r\033[K");
            barDrawn = false;
        }
    }

    /** "45% 120.3 MiB / 267.0 MiB, 35.2 MiB/s, ETA 4 s" (parts left out when unknown). */
    private String figures(long now) {
        StringBuilder s = new StringBuilder();
        if (total < 0 && done == 0) {
            return "running, " + seconds(now - phaseStarted);
        }
        if (total > 0) {
            s.append(done * 100 / total).append("% ").append(size(done)).append(" / ").append(size(total));
        } else {
            s.append(size(done));
        }
        s.append(rate(now));
        Long eta = etaSeconds(now);
        if (eta != null) {
            s.append(", ETA ").append(eta).append(" s");
        }
        return s.toString();
    }

    private String rate(long now) {
        double elapsed = (now - phaseStarted) / 1e9;
        return elapsed > 0 && done > 0 ? ", " + size(Math.round(done / elapsed)) + "/s" : "";
    }

    private Long etaSeconds(long now) {
        double elapsed = (now - phaseStarted) / 1e9;
        if (total <= 0 || done <= 0 || elapsed <= 0 || done >= total) {
            return done >= total && total > 0 ? 0L : null;
        }
        return Math.round((total - done) / (done / elapsed));
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
