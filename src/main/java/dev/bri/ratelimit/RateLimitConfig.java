package dev.bri.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Per-client request rates of the data API (docs/CONFIGURATION.md#rate-limits). Off by default: the embedded service
 * has one client, BRI, and the benchmarks drive thousands of requests a second from one address. Production
 * turns it on with these defaults, BRI's own operations limits.
 */
@ConfigMapping(prefix = "bri.rate-limit")
public interface RateLimitConfig {

    @WithDefault("false")
    boolean enabled();

    /** GET /api/* but search: BRI's "general" limit. */
    @WithDefault("300/50")
    String read();

    /** GET /api/v1/videos/{id}/search: BRI's "tool" limit (the agent's search tool). */
    @WithDefault("120/20")
    String search();

    /** PUT, POST, DELETE /api/*: BRI's "tool" limit too (each pipeline tool writes its output in one batch). */
    @WithDefault("120/20")
    String write();

    /** A client's buckets are forgotten after this long without a request (memory stays bounded). */
    @WithDefault("10m")
    Duration idleExpiry();

    /** Most clients tracked at once; beyond it the least recently seen are forgotten. */
    @WithDefault("100000")
    long maxClients();
}
