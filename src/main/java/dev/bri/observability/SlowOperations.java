package dev.bri.observability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Logs operations slower than {@code bri.log.slow-threshold} to the {@code bri.performance} category, one record each
 * with perf_kind (http, db), perf_operation and perf_duration_ms fields. Metrics keep every timing; this log keeps the
 * outliers with their request_id so they can be traced.
 */
@ApplicationScoped
public class SlowOperations {

    static final String CATEGORY = "bri.performance";
    private static final Logger PERF = Logger.getLogger(CATEGORY);

    private final long thresholdNanos;

    @Inject
    public SlowOperations(ObservabilityConfig config) {
        this(config.slowThreshold());
    }

    SlowOperations(java.time.Duration threshold) {
        this.thresholdNanos = threshold.toNanos();
    }

    public boolean isSlow(long nanos) {
        return nanos >= thresholdNanos;
    }

    public void http(String method, String route, int status, long nanos) {
        if (isSlow(nanos)) {
            long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
            StructuredLog.log(PERF, Logger.Level.WARN, StructuredLog.fields("perf_kind", "http",
                    "perf_operation", method + " " + route, "perf_status", status, "perf_duration_ms", millis),
                    "slow http " + method + " " + route + " took " + millis + " ms");
        }
    }

    public void database(String operation, long nanos) {
        if (isSlow(nanos)) {
            long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
            StructuredLog.log(PERF, Logger.Level.WARN, StructuredLog.fields("perf_kind", "db",
                    "perf_operation", operation, "perf_duration_ms", millis),
                    "slow db " + operation + " took " + millis + " ms");
        }
    }
}
