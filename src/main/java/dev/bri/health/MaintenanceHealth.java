package dev.bri.health;

import dev.bri.resilience.MaintenanceMode;
import dev.bri.resilience.MaintenanceQueue;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reports maintenance mode into {@code GET /admin/health}: degraded while writes are held. */
@ApplicationScoped
public class MaintenanceHealth implements ComponentHealth {

    private final MaintenanceMode maintenance;

    public MaintenanceHealth(MaintenanceMode maintenance) {
        this.maintenance = maintenance;
    }

    @Override
    public Report report() {
        MaintenanceQueue.State state = maintenance.state();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("active", state.active());
        details.put("queue_depth", state.queueDepth());
        details.put("queue_capacity", state.queueCapacity());
        if (state.active()) {
            details.put("reason", state.reason());
            details.put("since", state.since().toString());
            return new Report("maintenance", Status.DEGRADED, "maintenance: writes held", details);
        }
        return new Report("maintenance", Status.HEALTHY, "writes flowing", details);
    }
}
