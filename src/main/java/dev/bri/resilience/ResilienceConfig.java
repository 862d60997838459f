package dev.bri.resilience;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** Degradation reporting. Breaker, timeout, retry and bulkhead timings are set in application.properties. */
@ConfigMapping(prefix = "bri.resilience")
public interface ResilienceConfig {

    /** Retry-After sent with 503s while the database is unavailable (BRI's database breaker stays open 30 s). */
    @WithName("retry-after")
    @WithDefault("30s")
    Duration retryAfter();

    /** Degradation events kept in memory for GET /admin/health. */
    @WithName("recent-events")
    @WithDefault("200")
    int recentEvents();

    /** Repeats of one (component, event) within this interval are counted but not logged or recorded again. */
    @WithName("event-log-interval")
    @WithDefault("1s")
    Duration eventLogInterval();

    /** How often {@code bri_health_state} is recomputed between /admin/health calls. */
    @WithName("health-interval")
    @WithDefault("15s")
    Duration healthInterval();

    Db database();

    /** Guards on context reads ({@code GuardedReads/read}), applied through application.properties. */
    interface Db {
        /** Deadline of one context read, lock waits included; SQLite stops the read when it passes. */
        @WithName("timeout-ms")
        @WithDefault("5000")
        long timeoutMs();

        /** Consecutive failed reads that open the {@code database} breaker (BRI: 5). */
        @WithName("breaker-failures")
        @WithDefault("5")
        int breakerFailures();

        /** How long the {@code database} breaker stays open (BRI: 30 s). */
        @WithName("breaker-delay-ms")
        @WithDefault("30000")
        long breakerDelayMs();

        /** Concurrent reads; excess calls fail fast with 503 (or a stale copy). */
        @WithDefault("64")
        int bulkhead();

        /** Retries of a read that hit SQLITE_BUSY/SQLITE_LOCKED, with exponential backoff. */
        @WithDefault("3")
        int retries();

        @WithName("retry-delay-ms")
        @WithDefault("20")
        long retryDelayMs();

        @WithName("retry-max-delay-ms")
        @WithDefault("500")
        long retryMaxDelayMs();
    }
}
