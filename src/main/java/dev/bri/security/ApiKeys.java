package dev.bri.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The active API keys, read from the keys file at start and re-read on a schedule (a Kubernetes Secret volume is
 * updated in place, so rotation needs no restart). A broken file at start stops the service; a broken file later
 * keeps the keys already loaded, logs the line at fault and counts {@code bri_auth_key_reloads_total{outcome=failure}}.
 */
@ApplicationScoped
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);

    private final AuthConfig config;
    private final Counter reloaded;
    private final Counter failed;
    private volatile List<ApiKey> keys = List.of();
    private volatile String loadedText;

    public ApiKeys(AuthConfig config, MeterRegistry registry) {
        this.config = config;
        this.reloaded = Counter.builder("bri.auth.key.reloads").tag("outcome", "success")
                .description("Reads of the API keys file that changed the active keys").register(registry);
        this.failed = Counter.builder("bri.auth.key.reloads").tag("outcome", "failure")
                .description("Reads of the API keys file that failed (the previous keys stay active)")
                .register(registry);
        Gauge.builder("bri.auth.keys", this, k -> k.keys.size()).description("Active API keys")
                .register(registry);
    }

    void onStart(@Observes StartupEvent start) throws IOException, ApiKeyFile.InvalidKeyFile {
        if (config.keysFile().isPresent()) {
            load(config.keysFile().get());
        } else if (config.enabled()) {
            LOG.warn("auth.no_keys bri.auth.enabled=true but no bri.auth.keys-file: only the admin token is accepted");
        }
    }

    @Scheduled(identity = "api-keys-reload", every = "{bri.auth.reload-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reload() {
        if (config.keysFile().isEmpty()) {
            return;
        }
        try {
            load(config.keysFile().get());
        } catch (IOException | ApiKeyFile.InvalidKeyFile | RuntimeException e) {
            failed.increment();
            LOG.errorf("auth.keys_reload_failed file=%s error=%s (the %d keys loaded before stay active)",
                    config.keysFile().get(), e.getMessage(), keys.size());
        }
    }

    private synchronized void load(Path file) throws IOException, ApiKeyFile.InvalidKeyFile {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.equals(loadedText)) {
            return;
        }
        List<ApiKey> parsed = ApiKeyFile.parse(text, file.toString());
        keys = parsed;
        loadedText = text;
        reloaded.increment();
        LOG.infof("auth.keys_loaded file=%s keys=%d ids=%s", file, parsed.size(),
                parsed.stream().map(ApiKey::id).distinct().toList());
    }

    public boolean any() {
        return !keys.isEmpty();
    }

    /**
     * The key whose hash is the offered token's. Every active key is compared, each in constant time, so the time
     * taken says nothing about which key (or how much of a hash) matched.
     */
    public Optional<ApiKey> match(String token) {
        byte[] offered = ApiKeyFile.sha256(token);
        ApiKey found = null;
        for (ApiKey key : keys) {
            if (MessageDigest.isEqual(offered, key.sha256()) && found == null) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }
}
