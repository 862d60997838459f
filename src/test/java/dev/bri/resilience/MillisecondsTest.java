package dev.bri.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A {@code *-ms} setting keeps reading a bare number as milliseconds and also takes a duration. */
class MillisecondsTest {

    private final Milliseconds converter = new Milliseconds();

    @Test
    void aBareNumberIsMilliseconds() {
        assertThat(converter.convert("250")).isEqualTo(Duration.ofMillis(250));
        assertThat(converter.convert(" 15000 ")).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aDurationIsReadAsQuarkusReadsDurations() {
        assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(converter.convert("15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(converter.convert("PT1M")).isEqualTo(Duration.ofMinutes(1));
    }
}
