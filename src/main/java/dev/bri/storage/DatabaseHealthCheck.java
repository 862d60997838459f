package dev.bri.storage;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the database answers one read within {@code bri.storage.probe-timeout}. Read-only on purpose: a write
 * would queue behind the single writer, and a busy writer must not take the only endpoint out of the Service. Write
 * health is reported by {@code GET /admin/health} and {@code bri_health_state}.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {

    private final DatabaseProbe probe;
    private final StorageInitializer initializer;

    public DatabaseHealthCheck(DatabaseProbe probe, StorageInitializer initializer) {
        this.probe = probe;
        this.initializer = initializer;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database")
                .withData("schema_version", initializer.schemaVersion());
        try {
            probe.read();
            return response.up().build();
        } catch (RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
