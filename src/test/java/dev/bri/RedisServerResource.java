package dev.bri;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a real {@code redis-server} on a free port for the whole test run (applied globally by
 * {@link GlobalTestResources}); tests kill, freeze and restart it through {@link RedisProcess}.
 */
public class RedisServerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        int port = RedisProcess.start(RedisProcess.freePort());
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        RedisProcess.kill();
    }
}
