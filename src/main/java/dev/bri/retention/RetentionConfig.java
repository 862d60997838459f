package dev.bri.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Retention of user data (docs/SECURITY.md#retention-of-user-data): off unless a duration is set. */
@ConfigMapping(prefix = "bri.retention")
public interface RetentionConfig {

    /**
     * Erase a video, with everything about it, once neither it nor any of its items or memory turns was written for
     * this long. Unset: videos are kept until erased by hand.
     */
    Optional<Duration> videos();

    /** Drop memory turns older than this, whatever their video. Unset: turns are kept. */
    Optional<Duration> memory();

    /** How often the retention job runs ({@code off}: never on its own; {@code POST /admin/retention} still runs). */
    @WithDefault("1h")
    String interval();

    /**
     * How long after start-up the job first runs: the database opens (migrations, ledger replay) before it. Read by
     * the {@code @Scheduled} expression of {@link RetentionJob}.
     */
    @WithDefault("1m")
    String firstRunDelay();

    /** Videos selected, or memory turns removed, per transaction: the writer is never held for more than one batch. */
    @WithDefault("500")
    int batchSize();

    /** Video ids listed by a dry run (the count is always complete). */
    @WithDefault("100")
    int reportLimit();

    default boolean enabled() {
        return videos().isPresent() || memory().isPresent();
    }
}
