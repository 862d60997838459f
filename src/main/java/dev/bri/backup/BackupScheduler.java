package dev.bri.backup;

import dev.bri.domain.RefusedException;
import dev.bri.domain.RetryLaterException;
import dev.bri.storage.SqliteOnly;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The in-process backup schedule ({@code bri.backup.cron}, used when the chart's CronJob is off). It decides by the
 * injected {@link Clock}, checked every {@value #CHECK}: a backup starts within that long of the time the cron names.
 * {@code off} disables it; SKIP plus the backup lock prevent any overlap.
 */
@Startup
@ApplicationScoped
public class BackupScheduler {

    static final String CHECK = "10s";
    private static final Logger LOG = Logger.getLogger(BackupScheduler.class);

    private final BackupService backups;
    private final BackupConfig config;
    private final Clock clock;
    private final BackupSchedule schedule;

    /** Fails start-up on a cron expression that does not parse. */
    public BackupScheduler(BackupService backups, BackupConfig config, Clock clock) {
        this(backups, config, clock, config.cron());
    }

    /** The same scheduler on another cron expression (tests: the test profile turns the schedule off). */
    BackupScheduler(BackupService backups, BackupConfig config, Clock clock, String cron) {
        this.backups = backups;
        this.config = config;
        this.clock = clock;
        this.schedule = BackupSchedule.of(cron, clock.instant());
        LOG.infof("backup.schedule cron=\"%s\" next=%s", schedule.expression(),
                schedule.next().map(Instant::toString).orElse("never"));
    }

    @Scheduled(every = CHECK, delay = 1, delayUnit = java.util.concurrent.TimeUnit.SECONDS, concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = SqliteOnly.class)
    void check() {
        runIfDue();
    }

    /** Takes the scheduled backup when it is due by the clock; returns whether it started one. */
    synchronized boolean runIfDue() {
        if (!schedule.due(clock.instant())) {
            return false;
        }
        try {
            backups.create("schedule", config.scheduledVerify(), config.scheduledCleanup());
        } catch (RefusedException | RetryLaterException e) {
            // already logged, counted and audited by BackupService; the next scheduled time tries again
            LOG.debugf("scheduled backup did not complete: %s", e.getMessage());
        }
        return true;
    }

    /** When the next scheduled backup is due (empty: the schedule is off). */
    public java.util.Optional<Instant> next() {
        return schedule.next();
    }
}
