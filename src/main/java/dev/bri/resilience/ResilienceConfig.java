package dev.bri.resilience;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** Degradation reporting, and the guard on context reads ({@link GuardedReads}), built from {@link #database()}. */
@ConfigMapping(prefix = "bri.resilience")
public interface ResilienceConfig {

    /** Retry-After sent with 503s while the database is unavailable (BRI's database breaker stays open 30 s). */
    @WithDefault("30s")
    Duration retryAfter();

    /** Degradation events kept in memory for GET /admin/health. */
    @WithDefault("200")
    int recentEvents();

    /** Repeats of one (component, event) within this interval are counted but not logged or recorded again. */
    @WithDefault("1s")
    Duration eventLogInterval();

    /** How often {@code bri_health_state} is recomputed between /admin/health calls. */
    @WithDefault("15s")
    Duration healthInterval();

    Db database();

    /**
     * The {@code database} guard on context reads ({@link GuardedReads}). Settings named {@code *-ms} take a number
     * of milliseconds or a duration ({@link Milliseconds}).
     */
    interface Db {
        /** Deadline of one context read, lock waits included; SQLite stops the read when it passes. */
        @WithName("timeout-ms")
        @WithConverter(Milliseconds.class)
        @WithDefault("5s")
        Duration timeout();

        /** Consecutive failed reads that open the {@code database} breaker (BRI: 5). */
        @WithDefault("5")
        int breakerFailures();

        /** How long the {@code database} breaker stays open (BRI: 30 s). */
        @WithName("breaker-delay-ms")
        @WithConverter(Milliseconds.class)
        @WithDefault("30s")
        Duration breakerDelay();

        /** Concurrent reads; excess calls fail fast with 503 (or a stale copy). */
        @WithDefault("64")
        int bulkhead();

        /** Retries of a read that hit SQLITE_BUSY/SQLITE_LOCKED, with exponential backoff. */
        @WithDefault("3")
        int retries();

        /** The first retry's delay; each further retry waits twice as long, up to {@link #retryMaxDelay()}. */
        @WithName("retry-delay-ms")
        @WithConverter(Milliseconds.class)
        @WithDefault("20ms")
        Duration retryDelay();

        @WithName("retry-max-delay-ms")
        @WithConverter(Milliseconds.class)
        @WithDefault("500ms")
        Duration retryMaxDelay();
    }
}
