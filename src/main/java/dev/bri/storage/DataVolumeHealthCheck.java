package dev.bri.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Not ready when the data volume is (nearly) full: writes would fail and SQLite cannot grow its WAL. */
@Readiness
@ApplicationScoped
public class DataVolumeHealthCheck implements HealthCheck {

    private final StorageConfig config;

    public DataVolumeHealthCheck(StorageConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("data-volume")
                .withData("path", config.dataDir().toAbsolutePath().normalize().toString());
        try {
            FileStore store = Files.getFileStore(config.dataDir());
            double freeRatio = (double) store.getUsableSpace() / store.getTotalSpace();
            response.withData("free_bytes", store.getUsableSpace())
                    .withData("free_percent", Math.round(freeRatio * 100))
                    .withData("warning", freeRatio < config.storage().warnFreeRatio());
            return response.status(freeRatio >= config.storage().minFreeRatio()).build();
        } catch (IOException | RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
