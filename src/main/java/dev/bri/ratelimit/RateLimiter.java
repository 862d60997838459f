package dev.bri.ratelimit;

import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;

/**
 * The service's buckets and the {@code bri_rate_limited_requests_total{class}} counters, made at start so a bad
 * limit stops the start-up and the counters are scraped (at 0) before the first refusal.
 */
@Singleton
@Startup
public class RateLimiter {

    private final RateLimitConfig config;
    private final ClientLimits limits;
    private final Map<RequestClass, Counter> limited = new EnumMap<>(RequestClass.class);

    public RateLimiter(RateLimitConfig config, MeterRegistry registry) {
        this.config = config;
        this.limits = new ClientLimits(Map.of(
                RequestClass.READ, Limit.parse("bri.rate-limit.read", config.read()),
                RequestClass.SEARCH, Limit.parse("bri.rate-limit.search", config.search()),
                RequestClass.WRITE, Limit.parse("bri.rate-limit.write", config.write())),
                TimeMeter.SYSTEM_NANOTIME, config.idleExpiry(), config.maxClients());
        for (RequestClass c : RequestClass.values()) {
            limited.put(c, Counter.builder("bri.rate.limited.requests").tag("class", c.label())
                    .description("Requests refused with 429 by the per-client rate limits").register(registry));
        }
    }

    boolean enabled() {
        return config.enabled();
    }

    ClientLimits.Decision tryAcquire(String client, RequestClass requestClass) {
        ClientLimits.Decision decision = limits.tryAcquire(client, requestClass);
        if (!decision.allowed()) {
            limited.get(requestClass).increment();
        }
        return decision;
    }
}
