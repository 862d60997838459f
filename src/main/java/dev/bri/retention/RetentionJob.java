package dev.bri.retention;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Runs the retention rules every {@code bri.retention.interval} while at least one is set. */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final RetentionService retention;

    public RetentionJob(RetentionService retention) {
        this.retention = retention;
    }

    @Scheduled(identity = "retention", every = "{bri.retention.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (!retention.config().enabled()) {
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
