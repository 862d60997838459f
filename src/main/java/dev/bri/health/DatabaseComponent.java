package dev.bri.health;

import dev.bri.resilience.BreakerWatch;
import dev.bri.resilience.DatabaseAvailability;
import dev.bri.storage.Database;
import dev.bri.storage.DatabaseProbe;
import dev.bri.storage.ReadTimeoutException;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The database as clients see it: breaker state, a direct read probe and a write probe through the single writer (not
 * through the breaker). Write health lives here and in {@code bri_health_state}, not in readiness: a busy or failing
 * writer leaves reads served, and taking the pod out of the Service would stop those too.
 */
@ApplicationScoped
public class DatabaseComponent implements ComponentHealth {

    private final Database database;
    private final DatabaseProbe probe;
    private final BreakerWatch breakers;

    public DatabaseComponent(Database database, DatabaseProbe probe, BreakerWatch breakers) {
        this.database = database;
        this.probe = probe;
        this.breakers = breakers;
    }

    @Override
    public Report report() {
        Map<String, Object> details = new LinkedHashMap<>();
        CircuitBreakerState breaker = breakers.state(DatabaseAvailability.BREAKER);
        details.put("breaker", breaker.name().toLowerCase());
        details.put("open", database.isOpen());
        try {
            probe.read();
        } catch (RuntimeException e) {
            details.put("error", String.valueOf(e.getMessage()));
            return new Report("database", Status.UNHEALTHY, "database cannot be read", details);
        }
        if (breaker == CircuitBreakerState.OPEN) {
            return new Report("database", Status.UNHEALTHY, "breaker open: reads served from cache only", details);
        }
        try {
            probe.write();
        } catch (ReadTimeoutException e) {
            details.put("write_error", String.valueOf(e.getMessage()));
            return new Report("database", Status.DEGRADED,
                    "writer busy: the probe write waited longer than " + probe.timeout().toMillis() + " ms", details);
        } catch (RuntimeException e) {
            details.put("write_error", String.valueOf(e.getMessage()));
            return new Report("database", Status.UNHEALTHY, "database cannot be written", details);
        }
        if (breaker == CircuitBreakerState.HALF_OPEN) {
            return new Report("database", Status.DEGRADED, "breaker half-open: recovering", details);
        }
        return new Report("database", Status.HEALTHY, "reads and writes served", details);
    }
}
