package dev.bri.cache;

import dev.bri.health.ComponentHealth;
import dev.bri.resilience.BreakerWatch;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Health of the two cache tiers. A cache outage degrades the service; it never makes it unhealthy or unready. */
public final class CacheComponents {

    private CacheComponents() {
    }

    @ApplicationScoped
    public static class L1 implements ComponentHealth {

        private final LocalTier local;
        private final CacheMetrics metrics;
        private final CacheConfig config;

        public L1(LocalTier local, CacheMetrics metrics, CacheConfig config) {
            this.local = local;
            this.metrics = metrics;
            this.config = config;
        }

        @Override
        public Report report() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("enabled", config.enabled());
            details.put("entries", local.size());
            details.put("max_entries", config.l1().maxEntries());
            details.put("hit_rate", metrics.hitRate("l1"));
            return new Report("cache-l1", Status.HEALTHY, config.enabled() ? "in-process cache" : "disabled",
                    details);
        }
    }

    @ApplicationScoped
    public static class L2 implements ComponentHealth {

        private final RedisTier redis;
        private final InvalidationSubscriber subscriber;
        private final CacheMetrics metrics;
        private final BreakerWatch breakers;

        public L2(RedisTier redis, InvalidationSubscriber subscriber, CacheMetrics metrics, BreakerWatch breakers) {
            this.redis = redis;
            this.subscriber = subscriber;
            this.metrics = metrics;
            this.breakers = breakers;
        }

        @Override
        public Report report() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("enabled", redis.enabled());
            if (!redis.enabled()) {
                return new Report("cache-l2", Status.HEALTHY, "not configured (in-process cache only)", details);
            }
            CircuitBreakerState breaker = breakers.state("redis");
            details.put("breaker", breaker.name().toLowerCase());
            details.put("reachable", redis.reachable());
            details.put("subscribed", subscriber.subscribed());
            details.put("pending_invalidations", redis.pendingInvalidations());
            details.put("entries", metrics.l2Entries());
            details.put("hit_rate", metrics.hitRate("l2"));
            boolean ok = breaker == CircuitBreakerState.CLOSED && redis.reachable() && subscriber.subscribed()
                    && redis.pendingInvalidations() == 0;
            return ok
                    ? new Report("cache-l2", Status.HEALTHY, "redis reachable", details)
                    : new Report("cache-l2", Status.DEGRADED,
                            "redis unavailable: reads served from SQLite and the in-process cache", details);
        }
    }
}
