package dev.bri.retention;

import dev.bri.storage.Database;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
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

    /** First run a minute after start-up: the database opens (migrations, ledger replay) before it. */
    @Scheduled(identity = "retention", every = "{bri.retention.interval}", delay = 1, delayUnit = TimeUnit.MINUTES, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (!retention.config().enabled() || !database.isOpen()) {
            return;
        }
        try {
            retention.run(Instant.now(), "schedule", "system");
        } catch (RuntimeException e) {
            // counted, logged and audited by the service; the next interval tries again
            LOG.debugf("retention.schedule_failed %s", e.getMessage());
        }
    }
}
