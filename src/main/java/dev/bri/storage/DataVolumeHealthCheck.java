package dev.bri.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Not ready when the data volume is (nearly) full: writes would fail and SQLite cannot grow its WAL. */
@Readiness
@ApplicationScoped
public class DataVolumeHealthCheck implements HealthCheck {

    private final DataVolumeProbe volume;

    public DataVolumeHealthCheck(DataVolumeProbe volume) {
        this.volume = volume;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("data-volume").withData("path", volume.path());
        try {
            DataVolumeProbe.Reading reading = volume.read();
            response.withData("free_bytes", reading.freeBytes())
                    .withData("free_percent", Math.round(reading.freeRatio() * 100))
                    .withData("warning", reading.level() != DataVolumeProbe.Level.ENOUGH);
            return response.status(reading.level() != DataVolumeProbe.Level.FULL).build();
        } catch (IOException | RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
