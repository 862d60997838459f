package dev.bri.cache;

import dev.bri.resilience.Milliseconds;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** The two cache tiers in front of context reads, and the {@code redis} guard ({@link RedisCommands}). */
@ConfigMapping(prefix = "bri.cache")
public interface CacheConfig {

    /** Turns both tiers off (every read goes to SQLite). */
    @WithDefault("true")
    boolean enabled();

    L1 l1();

    Redis redis();

    interface L1 {
        /** Most responses kept in process (each a serialized JSON body). */
        @WithDefault("10000")
        long maxEntries();

        /** Age after which an entry is no longer served fresh (writes invalidate earlier). */
        @WithDefault("10m")
        Duration ttl();

        /** How long an entry is kept past its TTL as a stale copy for when the database is unavailable. */
        @WithDefault("1h")
        Duration staleRetention();
    }

    interface Redis {
        /**
         * Uses Redis ({@code quarkus.redis.hosts}) as the second tier. Off by default so the service needs nothing
         * but its data directory; turn on with {@code BRI_CACHE_REDIS_ENABLED=true}.
         */
        @WithDefault("false")
        boolean enabled();

        /** Age after which an L2 entry is no longer served fresh. */
        @WithDefault("30m")
        Duration ttl();

        /** Redis keeps each video's hash this long after its last write (fresh + stale copies). */
        @WithDefault("2h")
        Duration staleRetention();

        /** Pub/sub channel carrying invalidations between replicas. */
        @WithDefault("bri:context:invalidations")
        String channel();

        /** TCP connect timeout towards Redis. */
        @WithDefault("250ms")
        Duration connectTimeout();

        /** Pooled connections for commands. */
        @WithDefault("16")
        int poolSize();

        /** Timeout of one Redis command (the {@code redis} guard, {@link RedisCommands}); milliseconds or a duration. */
        @WithName("timeout-ms")
        @WithConverter(Milliseconds.class)
        @WithDefault("250ms")
        Duration timeout();

        /** Consecutive failed commands that open the {@code redis} breaker (BRI: 3). */
        @WithDefault("3")
        int breakerFailures();

        /** How long the {@code redis} breaker stays open before a trial call (BRI: 15 s); milliseconds or a duration. */
        @WithName("breaker-delay-ms")
        @WithConverter(Milliseconds.class)
        @WithDefault("15s")
        Duration breakerDelay();

        /** How often a lost invalidation channel is re-subscribed and owed invalidations are replayed. */
        @WithDefault("1s")
        Duration watchdogInterval();

        /** How often {@code bri_cache_entries{tier="l2"}} is recounted (SCAN over the tier's keys). */
        @WithDefault("30s")
        Duration countInterval();

        /** Videos whose failed invalidation is remembered; beyond this the whole L2 tier is flushed instead. */
        @WithDefault("10000")
        int maxPendingInvalidations();
    }
}
