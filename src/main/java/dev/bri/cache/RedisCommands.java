package dev.bri.cache;

import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every Redis command goes through {@link #send} and the {@code redis} guard: a short timeout and the {@code redis}
 * breaker (BRI: open after 3 failures, 15 s), their numbers from {@link CacheConfig.Redis}. The fallback answers
 * {@code null}, which callers read as "tier unavailable, skip it". The client is built here (not injected) so the
 * service starts without any Redis configuration.
 */
@ApplicationScoped
public class RedisCommands {

    private static final Logger LOG = Logger.getLogger(RedisCommands.class);

    public static final String BREAKER = "redis";
    /** The guard's {@code method} label in the {@code ft_*} metrics (dashboards and the runbook name it). */
    static final String DESCRIPTION = "dev.bri.cache.RedisCommands.send";

    private final Redis client;
    private final RedisOptions options;
    private final Vertx vertx;

    private final TypedGuard<Response> guard;

    public RedisCommands(Vertx vertx, CacheConfig config,
            @ConfigProperty(name = "quarkus.redis.hosts") Optional<String> hosts,
            @Identifier(BREAKER) TypedGuard<Response> guard) {
        this.vertx = vertx;
        this.guard = guard;
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

    /**
     * The {@code redis} guard, built once before anything asks for its breaker's state
     * ({@link dev.bri.resilience.BreakerWatch}), whether or not Redis is configured.
     */
    @Produces
    @Singleton
    @Startup(Interceptor.Priority.PLATFORM_BEFORE)
    @Identifier(BREAKER)
    static TypedGuard<Response> guard(CacheConfig config) {
        CacheConfig.Redis redis = config.redis();
        return TypedGuard.create(Response.class)
                .withDescription(DESCRIPTION)
                .withTimeout()
                .duration(redis.timeout().toMillis(), ChronoUnit.MILLIS)
                .done()
                .withCircuitBreaker()
                .name(BREAKER)
                .requestVolumeThreshold(redis.breakerFailures())
                .failureRatio(1.0)
                .successThreshold(1)
                .delay(redis.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                .done()
                .withFallback()
                .handler(() -> null)
                .done()
                .build();
    }

    /** The command's response, or {@code null} when Redis failed, timed out or its breaker is open. */
    public Response send(Request request) throws Exception {
        return guard.call(() -> client.send(request).toCompletionStage().toCompletableFuture().get());
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
