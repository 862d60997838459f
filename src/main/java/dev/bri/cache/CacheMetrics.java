package dev.bri.cache;

import dev.bri.health.HitRates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bri_cache_requests_total{tier,result}}, {@code bri_cache_entries{tier}}, {@code bri_cache_stale_served_total},
 * {@code bri_cache_l2_up} and {@code bri_cache_l2_pending_invalidations}.
 */
@ApplicationScoped
public class CacheMetrics implements HitRates {

    private final Counter l1Hit;
    private final Counter l1Miss;
    private final Counter l2Hit;
    private final Counter l2Miss;
    private final Counter stale;
    private final AtomicLong l2Entries = new AtomicLong(-1);
    private final RedisTier redis;

    public CacheMetrics(MeterRegistry registry, LocalTier local, RedisTier redis, InvalidationSubscriber subscriber) {
        this.redis = redis;
        l1Hit = requests(registry, "l1", "hit");
        l1Miss = requests(registry, "l1", "miss");
        l2Hit = requests(registry, "l2", "hit");
        l2Miss = requests(registry, "l2", "miss");
        stale = Counter.builder("bri.cache.stale.served").description("Responses served from a cache copy marked "
                + "stale because the database was unavailable").register(registry);
        Gauge.builder("bri.cache.entries", local, LocalTier::size).tag("tier", "l1")
                .description("Cached responses per tier (l2: -1 when unknown)").register(registry);
        Gauge.builder("bri.cache.entries", l2Entries, AtomicLong::get).tag("tier", "l2")
                .description("Cached responses per tier (l2: -1 when unknown)").register(registry);
        // Tells "Redis down" from "Redis not configured" (bri_cache_l2_up is 0 in both): alert BriContextCacheTierDown.
        Gauge.builder("bri.cache.l2.enabled", redis, r -> r.enabled() ? 1 : 0)
                .description("1 when the Redis tier is configured (bri.cache.redis.enabled)").register(registry);
        Gauge.builder("bri.cache.l2.up", redis, r -> r.enabled() && r.reachable() && subscriber.subscribed() ? 1 : 0)
                .description("1 when Redis is configured, reachable and the invalidation channel is subscribed")
                .register(registry);
        Gauge.builder("bri.cache.l2.pending.invalidations", redis, RedisTier::pendingInvalidations)
                .description("Invalidations owed to Redis, replayed before the tier is read again")
                .register(registry);
    }

    private static Counter requests(MeterRegistry registry, String tier, String result) {
        return Counter.builder("bri.cache.requests").tag("tier", tier).tag("result", result)
                .description("Cache lookups per tier and result").register(registry);
    }

    void l1(boolean hit) {
        (hit ? l1Hit : l1Miss).increment();
    }

    void l2(boolean hit) {
        (hit ? l2Hit : l2Miss).increment();
    }

    void stale() {
        stale.increment();
    }

    /** Hit ratio of a tier since start, or -1 before any lookup. */
    public double hitRate(String tier) {
        Counter hit = "l1".equals(tier) ? l1Hit : l2Hit;
        Counter miss = "l1".equals(tier) ? l1Miss : l2Miss;
        double total = hit.count() + miss.count();
        return total == 0 ? -1 : hit.count() / total;
    }

    @Override
    public Map<String, Double> hitRates() {
        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("l1", hitRate("l1"));
        rates.put("l2", hitRate("l2"));
        return rates;
    }

    public long l2Entries() {
        return l2Entries.get();
    }

    @Scheduled(every = "${bri.cache.redis.count-interval:30s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshL2Entries() {
        l2Entries.set(redis.enabled() ? redis.countEntries() : 0);
    }
}
