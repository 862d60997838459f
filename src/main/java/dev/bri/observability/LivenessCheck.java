package dev.bri.observability;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the process can answer. Deliberately independent of the database and Redis: a restart cures neither,
 * so their failures belong to readiness and the health report, not to liveness.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        Runtime runtime = Runtime.getRuntime();
        return HealthCheckResponse.named("process").up()
                .withData("heap_used_bytes", runtime.totalMemory() - runtime.freeMemory())
                .withData("heap_max_bytes", runtime.maxMemory())
                .build();
    }
}
