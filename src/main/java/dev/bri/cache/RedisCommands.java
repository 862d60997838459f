package dev.bri.cache;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/**
 * Every Redis command goes through {@link #send}: a short timeout and the {@code redis} breaker (BRI: open after 3
 * failures, 15 s). The fallback answers {@code null}, which callers read as "tier unavailable, skip it". The client is
 * built here (not injected) so the service starts without any Redis configuration.
 */
@ApplicationScoped
public class RedisCommands {

    private static final Logger LOG = Logger.getLogger(RedisCommands.class);

    private final Redis client;
    private final RedisOptions options;
    private final Vertx vertx;

    public RedisCommands(Vertx vertx, CacheConfig config,
            @ConfigProperty(name = "quarkus.redis.hosts") Optional<String> hosts) {
        this.vertx = vertx;
        boolean on = config.enabled() && config.redis().enabled() && hosts.filter(h -> !h.isBlank()).isPresent();
        if (on) {
            options = new RedisOptions()
                    .setConnectionString(hosts.get().split(",")[0].trim())
                    .setMaxPoolSize(config.redis().poolSize())
                    .setMaxPoolWaiting(config.redis().poolSize() * 16)
                    .setMaxWaitingHandlers(4096)
                    .setNetClientOptions(new NetClientOptions()
                            .setConnectTimeout((int) config.redis().connectTimeout().toMillis())
                            .setTcpNoDelay(true));
            client = Redis.createClient(vertx, options);
            LOG.infof("cache.l2 enabled redis=%s", hosts.get().replaceAll("//[^@/]*@", "//***@"));
        } else {
            options = null;
            client = null;
            LOG.info("cache.l2 disabled (set bri.cache.redis.enabled=true and quarkus.redis.hosts to use Redis)");
        }
    }

    public boolean enabled() {
        return client != null;
    }

    /** A fresh client for a dedicated (pub/sub) connection with the same options. */
    Redis newClient() {
        return Redis.createClient(vertx, options);
    }

    @Timeout(250)
    @CircuitBreaker(requestVolumeThreshold = 3, failureRatio = 1.0, delay = 15000, successThreshold = 1)
    @CircuitBreakerName("redis")
    @Fallback(fallbackMethod = "unavailable")
    public Response send(Request request) throws InterruptedException, ExecutionException {
        return client.send(request).toCompletionStage().toCompletableFuture().get();
    }

    Response unavailable(Request request) {
        return null;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
