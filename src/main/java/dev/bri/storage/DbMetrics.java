package dev.bri.storage;

import dev.bri.observability.SlowOperations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code bri_db_query_seconds{operation}}, {@code bri_db_errors_total{operation}} and
 * {@code bri_db_read_timeouts_total{operation}}; operations are a fixed set.
 */
@ApplicationScoped
public class DbMetrics {

    private final MeterRegistry registry;
    private final SlowOperations slow;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> timeouts = new ConcurrentHashMap<>();

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
        count(errors, "bri.db.errors", "Database operations that failed", operation);
    }

    /** A read stopped at its deadline (also counted as an error). */
    public void timeout(String operation) {
        count(timeouts, "bri.db.read.timeouts", "Reads stopped at their deadline (bri.resilience.database.timeout-ms)",
                operation);
    }

    private void count(Map<String, Counter> counters, String name, String description, String operation) {
        counters.computeIfAbsent(operation, op -> Counter.builder(name).description(description).tag("operation", op)
                .register(registry)).increment();
    }
}
