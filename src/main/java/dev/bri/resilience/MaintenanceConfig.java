package dev.bri.resilience;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Maintenance mode (writes held while a restore or an operator's maintenance runs). */
@ConfigMapping(prefix = "bri.maintenance")
public interface MaintenanceConfig {

    /**
     * Writes held at most. Each held write occupies a worker thread while its client waits, so keep this well below
     * the worker pool size; the next write beyond it gets 503 at once.
     */
    @WithDefault("64")
    int queueCapacity();

    /** How long a client waits for its held write before it gets 503 (its write is then dropped, never applied). */
    @WithDefault("30s")
    Duration maxWait();

    /** Retry-After sent with the 503s of maintenance. */
    @WithDefault("5s")
    Duration retryAfter();
}
