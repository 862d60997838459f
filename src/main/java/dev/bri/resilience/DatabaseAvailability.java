package dev.bri.resilience;

import dev.bri.storage.Database;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Whether context reads can reach SQLite: the database is open and the {@code database} breaker is closed. */
@ApplicationScoped
public class DatabaseAvailability {

    public static final String BREAKER = "database";

    private final Database database;
    private final CircuitBreakerMaintenance breakers;
    private final ResilienceConfig config;

    public DatabaseAvailability(Database database, CircuitBreakerMaintenance breakers, ResilienceConfig config) {
        this.database = database;
        this.breakers = breakers;
        this.config = config;
    }

    public boolean available() {
        return database.isOpen() && breakers.currentState(BREAKER) == CircuitBreakerState.CLOSED;
    }

    public Duration retryAfter() {
        return config.retryAfter();
    }
}
