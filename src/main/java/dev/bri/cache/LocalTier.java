package dev.bri.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * L1: serialized responses in process (Caffeine). Entries live for TTL + stale retention; {@link #fresh} hands out
 * only those younger than the TTL, {@link #any} also older ones (served marked stale when the database is down).
 *
 * <p>A read that loaded its data before a write committed must not put it back after that write's invalidation.
 * Each video hashes to a generation stripe that every invalidation bumps; a loader captures the generation before
 * reading the database and {@link #put} drops the entry again if it moved meanwhile.
 */
@ApplicationScoped
public class LocalTier {

    private static final int STRIPES = 4096;

    private final Cache<String, CachedResponse> cache;
    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
    private final long ttlMillis;

    public LocalTier(CacheConfig config) {
        this.ttlMillis = config.l1().ttl().toMillis();
        this.cache = Caffeine.newBuilder()
                // Eviction and expiry upkeep on the calling thread: Caffeine's default hands it to the common
                // ForkJoinPool after writes, a thread wake-up per cached response, which costs more than the upkeep
                .executor(Runnable::run)
                .maximumSize(config.l1().maxEntries())
                .expireAfterWrite(config.l1().ttl().plus(config.l1().staleRetention()))
                .build();
    }

    static String key(String videoId, String variant) {
        return videoId + '\n' + variant;
    }

    public long generation(String videoId) {
        return generations.get(stripe(videoId));
    }

    public CachedResponse fresh(String videoId, String variant, long now) {
        CachedResponse hit = cache.getIfPresent(key(videoId, variant));
        return hit != null && hit.ageMillis(now) <= ttlMillis ? hit : null;
    }

    public CachedResponse any(String videoId, String variant) {
        return cache.getIfPresent(key(videoId, variant));
    }

    /** Stores unless the video was invalidated since {@code generation} was taken. */
    public void put(String videoId, String variant, long generation, CachedResponse response) {
        String key = key(videoId, variant);
        cache.put(key, response);
        if (generation(videoId) != generation) {
            cache.invalidate(key);
        }
    }

    public void invalidate(String videoId) {
        generations.incrementAndGet(stripe(videoId));
        String prefix = videoId + '\n';
        cache.asMap().keySet().removeIf(k -> k.startsWith(prefix));
    }

    public void flush() {
        for (int i = 0; i < STRIPES; i++) {
            generations.incrementAndGet(i);
        }
        cache.invalidateAll();
    }

    public long size() {
        return cache.estimatedSize();
    }

    private static int stripe(String videoId) {
        return (videoId.hashCode() & 0x7fffffff) % STRIPES;
    }
}
