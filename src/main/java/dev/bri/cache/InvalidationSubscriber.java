package dev.bri.cache;

import dev.bri.resilience.DegradationEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Listens on the invalidation channel so this replica's L1 drops what other replicas wrote. A dedicated connection,
 * re-established by a watchdog; after any gap the whole L1 is dropped, since messages may have been missed.
 * The watchdog also replays invalidations owed to Redis once it is reachable again.
 */
@ApplicationScoped
public class InvalidationSubscriber {

    private static final Logger LOG = Logger.getLogger(InvalidationSubscriber.class);

    private final RedisCommands commands;
    private final RedisTier tier;
    private final LocalTier local;
    private final CacheConfig config;
    private final Event<DegradationEvent> degradation;
    private Redis client;
    private volatile RedisConnection connection;
    private volatile boolean everSubscribed;

    public InvalidationSubscriber(RedisCommands commands, RedisTier tier, LocalTier local, CacheConfig config,
            Event<DegradationEvent> degradation) {
        this.commands = commands;
        this.tier = tier;
        this.local = local;
        this.config = config;
        this.degradation = degradation;
    }

    public boolean subscribed() {
        return connection != null;
    }

    @Scheduled(every = "${bri.cache.redis.watchdog-interval:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void watchdog() {
        if (!commands.enabled()) {
            return;
        }
        if (connection == null) {
            subscribe();
        }
        if (tier.pendingInvalidations() > 0) {
            tier.usable();
        }
    }

    private synchronized void subscribe() {
        if (connection != null) {
            return;
        }
        if (client == null) {
            client = commands.newClient();
        }
        RedisConnection c = null;
        try {
            long timeout = Math.max(250, config.redis().connectTimeout().toMillis() * 2);
            c = client.connect().toCompletionStage().toCompletableFuture().get(timeout, TimeUnit.MILLISECONDS);
            RedisConnection conn = c;
            conn.handler(this::onMessage);
            conn.exceptionHandler(e -> lost(conn, e.getMessage()));
            conn.endHandler(v -> lost(conn, "connection closed"));
            conn.send(Request.cmd(Command.SUBSCRIBE).arg(config.redis().channel())).toCompletionStage()
                    .toCompletableFuture().get(timeout, TimeUnit.MILLISECONDS);
            connection = conn;
            // Invalidations published while we were not listening are lost: start L1 from scratch.
            local.flush();
            if (everSubscribed) {
                LOG.info("cache.l2 invalidation channel re-subscribed; L1 flushed");
                degradation.fire(new DegradationEvent("cache-l2", "resubscribed", "L1 flushed after gap"));
            } else {
                LOG.infof("cache.l2 subscribed to %s", config.redis().channel());
            }
            everSubscribed = true;
        } catch (Exception e) {
            if (c != null) {
                c.close();
            }
            LOG.debugf("cache.l2 subscribe failed: %s", e.getMessage());
        }
    }

    private void lost(RedisConnection conn, String why) {
        if (connection == conn) {
            connection = null;
            conn.close();
            LOG.warnf("cache.l2 invalidation channel lost: %s", why);
        }
    }

    void onMessage(Response message) {
        if (message == null || message.size() < 3 || !"message".equals(message.get(0).toString())) {
            return;
        }
        String payload = message.get(2).toString();
        int space = payload.indexOf(' ');
        if (space < 0 || payload.substring(0, space).equals(tier.instanceId())) {
            return;
        }
        String videoId = payload.substring(space + 1);
        if (RedisTier.FLUSH_ALL.equals(videoId)) {
            local.flush();
        } else {
            local.invalidate(videoId);
        }
    }

    @PreDestroy
    void close() {
        RedisConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
