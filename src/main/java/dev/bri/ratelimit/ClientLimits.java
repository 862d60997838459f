package dev.bri.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Token buckets (Bucket4j, greedy refill) per client and request class, kept in a bounded cache that forgets idle
 * clients. The time source is a parameter so tests control the clock.
 */
public final class ClientLimits {

    /** The answer for one request: allowed, or refused with the time until a token is back. */
    public record Decision(boolean allowed, long remaining, Duration retryAfter) {
    }

    private record Key(String client, RequestClass requestClass) {
    }

    private final Map<RequestClass, Limit> limits;
    private final TimeMeter time;
    private final Cache<Key, Bucket> buckets;

    public ClientLimits(Map<RequestClass, Limit> limits, TimeMeter time, Duration idleExpiry, long maxClients) {
        this.limits = new EnumMap<>(limits);
        this.time = time;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(idleExpiry).maximumSize(maxClients).build();
    }

    public Decision tryAcquire(String client, RequestClass requestClass) {
        Bucket bucket = buckets.get(new Key(client, requestClass), k -> newBucket(limits.get(k.requestClass())));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed()
                ? new Decision(true, probe.getRemainingTokens(), Duration.ZERO)
                : new Decision(false, 0, Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    private Bucket newBucket(Limit limit) {
        return Bucket.builder()
                .addLimit(l -> l.capacity(limit.burst()).refillGreedy(limit.perMinute(), Duration.ofMinutes(1)))
                .withCustomTimePrecision(time).build();
    }
}
