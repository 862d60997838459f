package dev.bri.cache;

import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * L2: one Redis hash per video, {@code bri:context:<videoId>}, one field per query variant plus a version field
 * {@code _v}. Invalidation bumps the version, drops the variants and publishes to the other replicas in one script;
 * a reader only stores what it loaded if the version is still the one it saw before reading the database, so a slow
 * read on any replica can never put back data older than an acknowledged write.
 *
 * <p>An invalidation that fails (Redis down, breaker open) is remembered; the tier is not read again until every
 * remembered invalidation has been replayed (or, past a bound, the whole tier flushed).
 */
@ApplicationScoped
public class RedisTier {

    private static final Logger LOG = Logger.getLogger(RedisTier.class);
    static final String PREFIX = "bri:context:";
    static final String VERSION = "_v";
    static final String FLUSH_ALL = "*";

    private static final String PUT = """
            local v = redis.call('HGET', KEYS[1], '_v')
            if (v or '') ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1""";
    private static final String INVALIDATE = """
            local v = tonumber(redis.call('HGET', KEYS[1], '_v') or '0') + 1
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], '_v', v)
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            if ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[2], ARGV[3]) end
            return v""";
    private static final String COUNT = """
            local n = 0
            for _, k in ipairs(KEYS) do n = n + math.max(0, redis.call('HLEN', k) - 1) end
            return n""";

    /** Identifies this process in invalidation messages so it ignores its own. */
    private final String instanceId = UUID.randomUUID().toString();

    private final RedisCommands redis;
    private final CacheConfig config;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushPending = new AtomicBoolean();
    /** Owed invalidations taken out of {@link #pending} while their replay is in flight (still owed until done). */
    private final java.util.concurrent.atomic.AtomicInteger replaying = new java.util.concurrent.atomic.AtomicInteger();
    private final ReentrantLock replay = new ReentrantLock();
    private volatile boolean lastCallOk = true;

    public RedisTier(RedisCommands redis, CacheConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** A lookup: the stored response (or null) and the version to hand back to {@link #put}. */
    public record Lookup(CachedResponse value, String version) {
    }

    public boolean enabled() {
        return redis.enabled();
    }

    /** Through a method, not the field: callers hold a client proxy whose own fields are not the bean's. */
    public String instanceId() {
        return instanceId;
    }

    /** Whether the last command reached Redis. */
    public boolean reachable() {
        return lastCallOk;
    }

    public int pendingInvalidations() {
        return pending.size() + replaying.get() + (flushPending.get() ? 1 : 0);
    }

    static String key(String videoId) {
        return PREFIX + videoId;
    }

    /** Null when the tier is off, unreachable or still owes invalidations. */
    public Lookup get(String videoId, String variant) {
        if (!usable()) {
            return null;
        }
        Response r = send(Request.cmd(Command.HMGET).arg(key(videoId)).arg(variant).arg(VERSION));
        if (r == null) {
            return null;
        }
        Response value = r.get(0);
        Response version = r.get(1);
        return new Lookup(value == null ? null : decode(value.toBytes()), version == null ? "" : version.toString());
    }

    public void put(String videoId, Lookup seen, String variant, CachedResponse response) {
        if (seen == null || !usable()) {
            return;
        }
        send(Request.cmd(Command.EVAL).arg(PUT).arg(1).arg(key(videoId)).arg(seen.version()).arg(variant)
                .arg(Buffer.buffer(encode(response))).arg(config.redis().ttl().plus(config.redis().staleRetention())
                        .toMillis()));
    }

    /** Drops the video's entries on every replica; remembered for replay when Redis cannot be reached. */
    public void invalidate(String videoId) {
        if (!enabled()) {
            return;
        }
        if (!usable() || !invalidateNow(videoId)) {
            remember(videoId);
        }
    }

    /** Drops everything on every replica (the database was replaced). */
    public void flush() {
        if (!enabled()) {
            return;
        }
        flushPending.set(true);
        pending.clear();
        usable();
    }

    /** Cached responses in Redis (variants over all videos); -1 when unknown. */
    public long countEntries() {
        if (!usable()) {
            return -1;
        }
        long total = 0;
        String cursor = "0";
        do {
            Response page = send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(PREFIX + "*")
                    .arg("COUNT").arg(500));
            if (page == null) {
                return -1;
            }
            cursor = page.get(0).toString();
            Response keys = page.get(1);
            if (keys.size() > 0) {
                Request count = Request.cmd(Command.EVAL).arg(COUNT).arg(keys.size());
                for (Response k : keys) {
                    count.arg(k.toString());
                }
                Response n = send(count);
                if (n == null) {
                    return -1;
                }
                total += n.toLong();
            }
        } while (!"0".equals(cursor));
        return total;
    }

    private void remember(String videoId) {
        if (pending.size() >= config.redis().maxPendingInvalidations()) {
            flushPending.set(true);
            pending.clear();
        } else {
            pending.add(videoId);
        }
        LOG.warnf("cache.l2 invalidation deferred video_id=%s pending=%d", videoId, pendingInvalidations());
    }

    /** True when the tier may be read: every owed invalidation has been replayed first. */
    boolean usable() {
        if (!enabled()) {
            return false;
        }
        if (!flushPending.get() && pending.isEmpty()) {
            return true;
        }
        if (!replay.tryLock()) {
            return false;
        }
        try {
            if (flushPending.getAndSet(false) && !flushNow()) {
                flushPending.set(true);
                return false;
            }
            for (String videoId : List.copyOf(pending)) {
                // removed before the command, so a write failing meanwhile re-adds it and is replayed again
                replaying.incrementAndGet();
                pending.remove(videoId);
                try {
                    if (!invalidateNow(videoId)) {
                        pending.add(videoId);
                        return false;
                    }
                } finally {
                    replaying.decrementAndGet();
                }
            }
            boolean clean = pending.isEmpty() && !flushPending.get();
            if (clean) {
                LOG.info("cache.l2 replayed deferred invalidations; tier back in use");
            }
            return clean;
        } finally {
            replay.unlock();
        }
    }

    private boolean invalidateNow(String videoId) {
        return invalidateKey(key(videoId), instanceId + " " + videoId);
    }

    private boolean invalidateKey(String key, String message) {
        return send(Request.cmd(Command.EVAL).arg(INVALIDATE).arg(1).arg(key)
                .arg(config.redis().ttl().plus(config.redis().staleRetention()).toMillis())
                .arg(config.redis().channel()).arg(message)) != null;
    }

    private boolean flushNow() {
        String cursor = "0";
        do {
            Response page = send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(PREFIX + "*")
                    .arg("COUNT").arg(500));
            if (page == null) {
                return false;
            }
            cursor = page.get(0).toString();
            List<String> keys = new ArrayList<>();
            for (Response k : page.get(1)) {
                keys.add(k.toString());
            }
            for (String k : keys) {
                if (!invalidateKey(k, "")) {
                    return false;
                }
            }
        } while (!"0".equals(cursor));
        boolean published = send(Request.cmd(Command.PUBLISH).arg(config.redis().channel())
                .arg(instanceId + " " + FLUSH_ALL)) != null;
        if (published) {
            LOG.info("cache.l2 flushed");
        }
        return published;
    }

    private Response send(Request request) {
        try {
            Response r = redis.send(request);
            lastCallOk = r != null;
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lastCallOk = false;
            return null;
        } catch (Exception e) {
            lastCallOk = false;
            LOG.debugf("cache.l2 command failed: %s", e.getMessage());
            return null;
        }
    }

    static byte[] encode(CachedResponse response) {
        return ByteBuffer.allocate(8 + response.body().length).putLong(response.loadedAtMillis())
                .put(response.body()).array();
    }

    static CachedResponse decode(byte[] stored) {
        if (stored.length < 9) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(stored);
        long loadedAt = b.getLong();
        byte[] body = new byte[stored.length - 8];
        b.get(body);
        return new CachedResponse(body, loadedAt);
    }
}
