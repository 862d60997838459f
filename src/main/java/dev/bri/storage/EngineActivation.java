package dev.bri.storage;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.Locale;
import java.util.Set;

/**
 * Derives which datasource is active from {@code bri.storage.engine}, so an operator sets one key
 * ({@code BRI_STORAGE_ENGINE=postgresql}) instead of two Quarkus ones that must agree. An explicit
 * {@code quarkus.datasource."postgresql".active} still wins. The SQLite datasource stays active either way: it opens
 * no connection until used (minimum pool size 0), and the CLI's offline commands use it on any engine.
 */
@Priority(Priorities.APPLICATION + 100)
public class EngineActivation implements ConfigSourceInterceptor {

    static final String ENGINE_KEY = "bri.storage.engine";
    private static final Set<String> POSTGRESQL_ACTIVE = Set.of("quarkus.datasource.\"postgresql\".active",
            "quarkus.datasource.postgresql.active");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value != null || !POSTGRESQL_ACTIVE.contains(name)) {
            return value;
        }
        ConfigValue engine = context.proceed(ENGINE_KEY);
        boolean postgresql = engine != null && engine.getValue() != null
                && engine.getValue().trim().toUpperCase(Locale.ROOT).equals(Engine.POSTGRESQL.name());
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(postgresql))
                .withConfigSourceName("derived from " + ENGINE_KEY).build();
    }
}
