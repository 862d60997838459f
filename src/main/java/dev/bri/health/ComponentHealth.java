package dev.bri.health;

import java.util.Map;

/**
 * A part of the system that reports into {@code GET /admin/health}. Beans implementing this are discovered with
 * {@code @Any Instance<ComponentHealth>}.
 */
public interface ComponentHealth {

    enum Status {
        HEALTHY, DEGRADED, UNHEALTHY
    }

    record Report(String component, Status status, String summary, Map<String, Object> details) {
    }

    Report report();
}
