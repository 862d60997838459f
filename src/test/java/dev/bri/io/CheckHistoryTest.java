package dev.bri.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckHistoryTest {

    /** A result shaped like the drill's: nested records, a map, a list, nulls. */
    record Outcome(String result, Long throughTx, Map<String, Long> counts, List<Detail> details) {
    }

    record Detail(String table, Long live) {
    }

    @TempDir
    Path dir;

    @Test
    void theNextInstanceReadsWhatTheLastOneRecorded() {
        Path file = dir.resolve(".check-history.json");
        CheckHistory<Outcome> first = new CheckHistory<>(file, Outcome.class);
        Outcome passed = new Outcome("passed", 42L, Map.of("videos", 2L), List.of());
        Outcome failed = new Outcome("failed", null, Map.of("videos", 3L), List.of(new Detail("videos", null)));
        Outcome skipped = new Outcome("skipped", null, Map.of(), List.of());
        first.passed(passed, Instant.ofEpochSecond(1_000));
        first.failed(failed, Instant.ofEpochSecond(2_000));

        CheckHistory<Outcome> second = new CheckHistory<>(file, Outcome.class);
        assertThat(second.lastSuccessEpochSeconds()).isEqualTo(1_000);
        assertThat(second.lastFailureEpochSeconds()).isEqualTo(2_000);
        assertThat(second.last()).isEqualTo(failed);

        second.neither(skipped);
        CheckHistory<Outcome> third = new CheckHistory<>(file, Outcome.class);
        assertThat(third.last()).as("the last result of any kind").isEqualTo(skipped);
        assertThat(third.lastSuccessEpochSeconds()).as("a skipped run keeps the times").isEqualTo(1_000);
        assertThat(third.lastFailureEpochSeconds()).isEqualTo(2_000);
        assertThat(dir.resolve(".check-history.json.tmp")).doesNotExist();
    }

    @Test
    void noFileOrAnUnreadableOneMeansTheCheckNeverRan() throws Exception {
        Path file = dir.resolve(".check-history.json");
        assertThat(new CheckHistory<>(file, Outcome.class).last()).isNull();
        Files.writeString(file, "{\"last_success_epoch_seconds\": 12");
        CheckHistory<Outcome> torn = new CheckHistory<>(file, Outcome.class);
        assertThat(torn.last()).isNull();
        assertThat(torn.lastSuccessEpochSeconds()).isZero();
        assertThat(torn.lastFailureEpochSeconds()).isZero();
    }

    @Test
    void aVolumeThatCannotBeWrittenKeepsTheResultInMemory() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        CheckHistory<Outcome> history = new CheckHistory<>(notADirectory.resolve(".check-history.json"),
                Outcome.class);
        Outcome passed = new Outcome("passed", 1L, Map.of(), List.of());
        history.passed(passed, Instant.ofEpochSecond(5));
        assertThat(history.last()).isEqualTo(passed);
        assertThat(history.lastSuccessEpochSeconds()).isEqualTo(5);
    }
}
