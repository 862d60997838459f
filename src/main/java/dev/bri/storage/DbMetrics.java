package dev.bri.storage;

import dev.bri.observability.SlowOperations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code bri_db_query_seconds{operation}} and {@code bri_db_errors_total{operation}}; operations are a fixed set. */
@ApplicationScoped
public class DbMetrics {

    private final MeterRegistry registry;
    private final SlowOperations slow;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    public DbMetrics(MeterRegistry registry, SlowOperations slow) {
        this.registry = registry;
        this.slow = slow;
    }

    /** Called with each operation's duration: slow ones go to the performance log. */
    public void completed(String operation, long nanos) {
        slow.database(operation, nanos);
    }

    public Timer timer(String operation) {
        return timers.computeIfAbsent(operation, op -> Timer.builder("bri.db.query")
                .description("Time spent in one database operation, lock waits included")
                .tag("operation", op)
                .publishPercentileHistogram()
                .register(registry));
    }

    public void error(String operation) {
        errors.computeIfAbsent(operation, op -> Counter.builder("bri.db.errors")
                .description("Database operations that failed")
                .tag("operation", op)
                .register(registry)).increment();
    }
}
