package dev.bri.health;

import dev.bri.storage.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/** Free space on the data volume: degraded below bri.storage.warn-free-ratio, unhealthy below min-free-ratio. */
@ApplicationScoped
public class DiskComponent implements ComponentHealth {

    private final StorageConfig config;

    public DiskComponent(StorageConfig config) {
        this.config = config;
    }

    @Override
    public Report report() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("path", config.dataDir().toAbsolutePath().normalize().toString());
        try {
            FileStore store = Files.getFileStore(config.dataDir());
            double free = (double) store.getUsableSpace() / store.getTotalSpace();
            details.put("free_bytes", store.getUsableSpace());
            details.put("free_percent", Math.round(free * 1000) / 10.0);
            if (free < config.storage().minFreeRatio()) {
                return new Report("disk", Status.UNHEALTHY, "data volume is full", details);
            }
            if (free < config.storage().warnFreeRatio()) {
                return new Report("disk", Status.DEGRADED, "data volume has little free space", details);
            }
            return new Report("disk", Status.HEALTHY, "enough free space", details);
        } catch (IOException | RuntimeException e) {
            details.put("error", String.valueOf(e.getMessage()));
            return new Report("disk", Status.UNHEALTHY, "data volume cannot be inspected", details);
        }
    }
}
