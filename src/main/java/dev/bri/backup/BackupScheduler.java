package dev.bri.backup;

import dev.bri.domain.RefusedException;
import dev.bri.domain.RetryLaterException;
import dev.bri.storage.SqliteOnly;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The daily backup. {@code bri.backup.cron=off} disables it; SKIP plus the backup lock prevent any overlap. */
@ApplicationScoped
public class BackupScheduler {

    private static final Logger LOG = Logger.getLogger(BackupScheduler.class);

    private final BackupService backups;
    private final BackupConfig config;

    public BackupScheduler(BackupService backups, BackupConfig config) {
        this.backups = backups;
        this.config = config;
    }

    @Scheduled(identity = "bri-backup", cron = "{bri.backup.cron}", timeZone = "UTC", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = SqliteOnly.class)
    void scheduled() {
        try {
            backups.create("schedule", config.scheduledVerify(), config.scheduledCleanup());
        } catch (RefusedException | RetryLaterException e) {
            // already logged, counted and audited by BackupService; the next run tries again
            LOG.debugf("scheduled backup did not complete: %s", e.getMessage());
        }
    }
}
