package dev.bri.resilience;

import dev.bri.storage.Database;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** The database as clients see it: breaker state plus a direct probe read (not through the breaker). */
@ApplicationScoped
public class DatabaseComponent implements ComponentHealth {

    private final Database database;
    private final BreakerWatch breakers;

    public DatabaseComponent(Database database, BreakerWatch breakers) {
        this.database = database;
        this.breakers = breakers;
    }

    @Override
    public Report report() {
        Map<String, Object> details = new LinkedHashMap<>();
        CircuitBreakerState breaker = breakers.state(DatabaseAvailability.BREAKER);
        details.put("breaker", breaker.name().toLowerCase());
        details.put("open", database.isOpen());
        String probe;
        try {
            database.read("health_probe", c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT 1"); ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            });
            probe = null;
        } catch (RuntimeException e) {
            probe = String.valueOf(e.getMessage());
            details.put("error", probe);
        }
        if (probe != null || breaker == CircuitBreakerState.OPEN) {
            return new Report("database", Status.UNHEALTHY, probe != null ? "database cannot be read"
                    : "breaker open: reads served from cache only", details);
        }
        if (breaker == CircuitBreakerState.HALF_OPEN) {
            return new Report("database", Status.DEGRADED, "breaker half-open: recovering", details);
        }
        return new Report("database", Status.HEALTHY, "reads and writes served", details);
    }
}
