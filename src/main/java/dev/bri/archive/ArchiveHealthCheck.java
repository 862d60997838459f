package dev.bri.archive;

import dev.bri.health.ComponentHealth;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The archive in {@code /q/health} (and {@code /q/health/well}): DOWN while archiving is stopped or lags (backup
 * volume full or read-only, say), with the same state and reason as the "archive" component of
 * {@code GET /admin/health}. A wellness check on purpose, not readiness or liveness: the service keeps serving and
 * writing while the archive cannot follow, so the pod must neither lose its traffic nor be restarted for it.
 */
@Wellness
@ApplicationScoped
public class ArchiveHealthCheck implements HealthCheck {

    private final ArchiveHealth archive;

    public ArchiveHealthCheck(ArchiveHealth archive) {
        this.archive = archive;
    }

    @Override
    public HealthCheckResponse call() {
        ComponentHealth.Report report = archive.report();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("archive")
                .status(report.status() == ComponentHealth.Status.HEALTHY)
                .withData("status", report.status().name().toLowerCase()).withData("summary", report.summary());
        for (Map.Entry<String, Object> e : report.details().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Number n) {
                response.withData(e.getKey(), n.longValue());
            } else if (v instanceof Boolean b) {
                response.withData(e.getKey(), b);
            } else {
                response.withData(e.getKey(), String.valueOf(v));
            }
        }
        return response.build();
    }
}
