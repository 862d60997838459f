package dev.bri.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The three ways a long CLI operation reports progress, driven by a clock the test moves. */
class ProgressReporterTest {

    private static final long MIB = 1024 * 1024;
    private final AtomicLong clock = new AtomicLong();
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    private final ByteArrayOutputStream results = new ByteArrayOutputStream();

    private ProgressReporter reporter(ProgressReporter.Mode mode) {
        return new ProgressReporter(new PrintStream(progress, true, StandardCharsets.UTF_8),
                new PrintStream(results, true, StandardCharsets.UTF_8), mode, Duration.ofSeconds(5), clock::get);
    }

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    private static List<String> lines(ByteArrayOutputStream out) {
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void withoutATerminalAPlainLineEveryIntervalWithBytesRateAndEta() {
        ProgressReporter r = reporter(ProgressReporter.Mode.LINES);
        r.start("stage", 100 * MIB);
        for (int second = 1; second <= 10; second++) {
            advance(Duration.ofSeconds(1));
            r.bytes("stage", second * 5 * MIB, 100 * MIB);
        }
        r.say("restored b1");
        r.result(0);
        // one line at the start, one per 5 s interval (not one per call), one at the end
        assertThat(lines(progress)).containsExactly(
                "stage: started, 100.0 MiB",
                "stage: 25% 25.0 MiB / 100.0 MiB, 5.0 MiB/s, ETA 15 s",
                "stage: 50% 50.0 MiB / 100.0 MiB, 5.0 MiB/s, ETA 10 s",
                "stage: done, 50.0 MiB in 10.0 s, 5.0 MiB/s");
        assertThat(lines(results)).containsExactly("restored b1");
        assertThat(progress.toString(StandardCharsets.UTF_8)).doesNotContain("\r", "\033");
    }

    @Test
    void workWithoutByteCountsShowsHowLongItHasRun() {
        ProgressReporter r = reporter(ProgressReporter.Mode.LINES);
        r.waiting("restore on the service");
        advance(Duration.ofSeconds(6));
        r.waiting("restore on the service");
        r.message("waiting for 2 write(s) already running to finish");
        r.finish();
        assertThat(lines(progress)).containsExactly("restore on the service: started",
                "restore on the service: running, 6.0 s", "waiting for 2 write(s) already running to finish",
                "restore on the service: done in 6.0 s");
    }

    @Test
    void jsonGivesEveryEventAsOneObjectPerLineEndingWithTheResult() throws Exception {
        ProgressReporter r = reporter(ProgressReporter.Mode.JSON);
        r.start("copy", 10 * MIB);
        advance(Duration.ofSeconds(5));
        r.bytes("copy", 5 * MIB, 10 * MIB);
        r.bytes("compress", MIB, 10 * MIB); // a new phase ends the one before; its first figures wait an interval
        r.say("created b1");
        r.result(3);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines(progress)) {
            events.add(json.readTree(line));
        }
        assertThat(events).extracting(e -> e.get("event").asText()).containsExactly("start", "progress", "done",
                "start", "message", "done", "result");
        JsonNode copying = events.get(1);
        assertThat(copying.get("phase").asText()).isEqualTo("copy");
        assertThat(copying.get("bytes").asLong()).isEqualTo(5 * MIB);
        assertThat(copying.get("total_bytes").asLong()).isEqualTo(10 * MIB);
        assertThat(copying.get("bytes_per_second").asLong()).isEqualTo(MIB);
        assertThat(copying.get("eta_seconds").asLong()).isEqualTo(5);
        assertThat(events.get(4).get("message").asText()).isEqualTo("created b1");
        assertThat(events.get(5).get("phase").asText()).isEqualTo("compress");
        assertThat(events.get(6).get("exit_code").asInt()).isEqualTo(3);
        // the result line is an event too: standard output stays parseable
        assertThat(results.size()).isZero();
    }

    @Test
    void onATerminalOneLineIsRedrawnInPlaceAndMessagesGoAboveIt() {
        ProgressReporter r = reporter(ProgressReporter.Mode.BAR);
        r.start("checksum", 8 * MIB);
        advance(Duration.ofSeconds(1));
        r.bytes("checksum", 4 * MIB, 8 * MIB);
        advance(Duration.ofMillis(10));
        r.bytes("checksum", 5 * MIB, 8 * MIB); // within 100 ms of the last redraw: not drawn
        r.say("a result line");
        r.finish();
        String drawn = progress.toString(StandardCharsets.UTF_8);
        assertThat(drawn).contains("\r[" + "=".repeat(12) + " ".repeat(12) + "] checksum 50% 4.0 MiB / 8.0 MiB, "
                + "4.0 MiB/s, ETA 1 s");
        assertThat(drawn).contains("\r\033[K"); // cleared before the result line is printed
        assertThat(drawn).endsWith("\n");
        assertThat(drawn.chars().filter(c -> c == '\n').count()).as("the bar never scrolls").isEqualTo(1);
        assertThat(lines(results)).containsExactly("a result line");
    }
}
