package dev.bri.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The schedule's period, which replicas claim once each, is the interval the scheduler itself fires at. */
class RetentionJobIntervalTest {

    @Test
    void readsTheFormsTheSchedulerAccepts() {
        assertThat(RetentionJob.interval("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(RetentionJob.interval("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetentionJob.interval("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(RetentionJob.interval("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(RetentionJob.interval("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(RetentionJob.interval("P1D")).isEqualTo(Duration.ofDays(1));
    }
}
