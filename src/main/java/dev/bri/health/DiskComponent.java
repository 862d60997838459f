package dev.bri.health;

import dev.bri.storage.DataVolumeProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Free space on the data volume: degraded below bri.storage.warn-free-ratio, unhealthy below min-free-ratio. */
@ApplicationScoped
public class DiskComponent implements ComponentHealth {

    private final DataVolumeProbe volume;

    public DiskComponent(DataVolumeProbe volume) {
        this.volume = volume;
    }

    @Override
    public Report report() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("path", volume.path());
        try {
            DataVolumeProbe.Reading reading = volume.read();
            details.put("free_bytes", reading.freeBytes());
            details.put("free_percent", Math.round(reading.freeRatio() * 1000) / 10.0);
            return switch (reading.level()) {
                case FULL -> new Report("disk", Status.UNHEALTHY, "data volume is full", details);
                case LOW -> new Report("disk", Status.DEGRADED, "data volume has little free space", details);
                case ENOUGH -> new Report("disk", Status.HEALTHY, "enough free space", details);
            };
        } catch (IOException | RuntimeException e) {
            details.put("error", String.valueOf(e.getMessage()));
            return new Report("disk", Status.UNHEALTHY, "data volume cannot be inspected", details);
        }
    }
}
