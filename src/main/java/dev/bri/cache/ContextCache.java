package dev.bri.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bri.domain.UnavailableException;
import dev.bri.resilience.DatabaseAvailability;
import dev.bri.resilience.DegradationEvent;
import dev.bri.storage.StorageException;
import dev.bri.video.VideoChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

/**
 * Context reads through L1 (in process) then L2 (Redis) then SQLite. Responses are cached as serialized JSON, so a
 * hit costs a map lookup and a byte copy. While the database is unavailable, cached copies (even past their TTL) are
 * served marked stale; with nothing cached the client gets 503 with Retry-After.
 */
@ApplicationScoped
public class ContextCache {

    private static final Logger LOG = Logger.getLogger(ContextCache.class);
    private static final int KEPT_BUFFER_BYTES = 256 * 1024;
    private static final ThreadLocal<ByteArrayOutputStream> BUFFERS = ThreadLocal
            .withInitial(() -> new ByteArrayOutputStream(16 * 1024));

    /** What to send: the JSON body, where it came from and, for stale copies, their age. */
    public record Served(byte[] body, CacheTier tier, long ageSeconds) {
    }

    private final LocalTier local;
    private final RedisTier redis;
    private final CacheMetrics metrics;
    private final CacheConfig config;
    private final DatabaseAvailability database;
    private final ObjectMapper mapper;
    private final Event<DegradationEvent> degradation;

    public ContextCache(LocalTier local, RedisTier redis, CacheMetrics metrics, CacheConfig config,
            DatabaseAvailability database, ObjectMapper mapper, Event<DegradationEvent> degradation) {
        this.local = local;
        this.redis = redis;
        this.metrics = metrics;
        this.config = config;
        this.database = database;
        this.mapper = mapper;
        this.degradation = degradation;
    }

    /** An L1 hit without any blocking call (for the event loop), or null: then call {@link #read}. */
    public Served peek(String videoId, String variant) {
        if (!config.enabled()) {
            return null;
        }
        long now = System.currentTimeMillis();
        CachedResponse l1 = local.fresh(videoId, variant, now);
        if (l1 == null) {
            return null;
        }
        metrics.l1(true);
        return database.available() ? new Served(l1.body(), CacheTier.HIT_L1, 0) : stale(l1, now);
    }

    /**
     * @param variant   the query, canonical (same question, same string)
     * @param loader    reads from the database (throws a RefusedException for client errors, never cached)
     * @param cacheable whether a loaded result may be cached (partial documents are not)
     */
    public <T> Served read(String videoId, String variant, Supplier<T> loader, Predicate<T> cacheable) {
        if (!config.enabled()) {
            return new Served(serialize(loader.get()), CacheTier.MISS, 0);
        }
        long now = System.currentTimeMillis();
        boolean dbDown = !database.available();
        CachedResponse l1 = local.fresh(videoId, variant, now);
        metrics.l1(l1 != null);
        if (l1 != null) {
            return dbDown ? stale(l1, now) : new Served(l1.body(), CacheTier.HIT_L1, 0);
        }
        long generation = local.generation(videoId);
        RedisTier.Lookup l2 = redis.get(videoId, variant);
        if (l2 != null) {
            boolean fresh = l2.value() != null && l2.value().ageMillis(now) <= config.redis().ttl().toMillis();
            metrics.l2(fresh);
            if (fresh) {
                local.put(videoId, variant, generation, l2.value());
                return dbDown ? stale(l2.value(), now) : new Served(l2.value().body(), CacheTier.HIT_L2, 0);
            }
        }
        T loaded;
        try {
            loaded = loader.get();
        } catch (StorageException | FaultToleranceException e) {
            CachedResponse copy = local.any(videoId, variant);
            if (copy == null && l2 != null) {
                copy = l2.value();
            }
            if (copy != null) {
                return stale(copy, System.currentTimeMillis());
            }
            LOG.warnf("context read failed, nothing cached video_id=%s: %s", videoId, e.toString());
            throw new UnavailableException(
                    "the database is unavailable and this context is not cached; retry later",
                    database.retryAfter());
        }
        byte[] body = serialize(loaded);
        if (cacheable.test(loaded)) {
            CachedResponse fresh = new CachedResponse(body, now);
            local.put(videoId, variant, generation, fresh);
            redis.put(videoId, l2, variant, fresh);
        }
        return new Served(body, CacheTier.MISS, 0);
    }

    private Served stale(CachedResponse copy, long now) {
        long age = copy.ageMillis(now) / 1000;
        metrics.stale();
        degradation.fire(new DegradationEvent("database", "stale-serve", "served a cached copy " + age + " s old"));
        return new Served(markStale(copy.body(), age), CacheTier.STALE, age);
    }

    /** {"a":..} becomes {"stale":true,"stale_age_seconds":N,"a":..}; bodies are JSON objects. */
    static byte[] markStale(byte[] body, long ageSeconds) {
        byte[] marker = ("{\"stale\":true,\"stale_age_seconds\":" + ageSeconds + (body.length > 2 ? "," : ""))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[marker.length + body.length - 1];
        System.arraycopy(marker, 0, out, 0, marker.length);
        System.arraycopy(body, 1, out, marker.length, body.length - 1);
        return out;
    }

    /**
     * JSON is written into a buffer kept per thread and copied out once: {@code writeValueAsBytes} grows a new
     * segmented buffer for every response and copies it, which doubled what a context read allocated.
     */
    private byte[] serialize(Object value) {
        ByteArrayOutputStream out = BUFFERS.get();
        out.reset();
        try {
            mapper.writeValue(out, value);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize response", e);
        } finally {
            if (out.size() > KEPT_BUFFER_BYTES) {
                BUFFERS.remove(); // a whole long video's document: do not keep megabytes per thread
            }
        }
    }

    /** Runs before the write is acknowledged (VideoChanged is fired synchronously). */
    void onVideoChanged(@Observes VideoChanged changed) {
        local.invalidate(changed.videoId());
        redis.invalidate(changed.videoId());
    }

    void onFlush(@Observes CacheFlush flush) {
        LOG.infof("cache.flush reason=%s", flush.reason());
        local.flush();
        redis.flush();
    }
}
