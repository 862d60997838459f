package dev.bri.retention;

import dev.bri.storage.Database;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jboss.logging.Logger;

/** Runs the retention rules every {@code bri.retention.interval} while at least one is set. */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final RetentionService retention;
    private final Database database;

    public RetentionJob(RetentionService retention, Database database) {
        this.retention = retention;
        this.database = database;
    }

    /**
     * First run {@code bri.retention.first-run-delay} after start-up: the database opens (migrations, ledger replay)
     * before it. Every replica's schedule fires; the run happens on one of them per interval.
     */
    @Scheduled(identity = "retention", every = "{bri.retention.interval}", delayed = "{bri.retention.first-run-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (!retention.config().enabled() || !database.isOpen()) {
            return;
        }
        try {
            retention.runScheduled(Instant.now(), interval(retention.config().interval()));
        } catch (RuntimeException e) {
            // counted, logged and audited by the service; the next interval tries again
            LOG.debugf("retention.schedule_failed %s", e.getMessage());
        }
    }

    /** The {@code every} of the schedule as a duration, read as the scheduler reads it ({@code 1h}, {@code PT1H}). */
    static Duration interval(String every) {
        String value = every.trim().toUpperCase(Locale.ROOT);
        if (value.endsWith("D") && !value.startsWith("P")) {
            return Duration.ofDays(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        return Duration.parse(value.startsWith("P") ? value : "PT" + value);
    }
}
