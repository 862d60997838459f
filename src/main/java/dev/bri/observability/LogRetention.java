package dev.bri.observability;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deletes rotated log files older than their retention (bri.log.files.retention-days, audit-retention-days). The
 * Quarkus file handlers rotate daily but can only cap the number of size-rotated backups, not their age.
 * Rotated files are {@code <name>.log.<yyyy-MM-dd>[.<n>]}; the live files are never touched.
 */
@ApplicationScoped
public class LogRetention {

    static final List<String> FILES = List.of("bri.log", "bri_errors.log", "bri_performance.log", "bri_audit.log",
            "bri_pipeline.log", "bri_api.log");
    static final String AUDIT_FILE = "bri_audit.log";

    private static final Logger LOG = Logger.getLogger(LogRetention.class);

    private final ObservabilityConfig.Files config;
    private final Clock clock;

    @Inject
    public LogRetention(ObservabilityConfig config) {
        this(config.files(), Clock.systemUTC());
    }

    LogRetention(ObservabilityConfig.Files config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(cron = "{bri.log.files.cleanup-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = FilesDisabled.class)
    void scheduled() {
        clean();
    }

    /** Deletes expired rotated files; returns what was deleted. */
    public List<Path> clean() {
        List<Path> deleted = new ArrayList<>();
        Path dir = config.dir();
        if (!Files.isDirectory(dir)) {
            return deleted;
        }
        Instant now = clock.instant();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String base = FILES.stream().filter(f -> name.startsWith(f + ".")).findFirst().orElse(null);
                if (base == null || !Files.isRegularFile(file)) {
                    continue;
                }
                int days = base.equals(AUDIT_FILE) ? config.auditRetentionDays() : config.retentionDays();
                Instant modified = Files.getLastModifiedTime(file).toInstant();
                if (modified.isBefore(now.minus(Duration.ofDays(days)))) {
                    Files.deleteIfExists(file);
                    deleted.add(file);
                }
            }
        } catch (IOException e) {
            LOG.warnf("log retention clean-up of %s failed: %s", dir, e.getMessage());
        }
        if (!deleted.isEmpty()) {
            LOG.infof("log retention deleted %d rotated log files from %s", deleted.size(), dir);
        }
        return deleted;
    }

    /** Skips the clean-up while file logging is off. */
    @ApplicationScoped
    public static class FilesDisabled implements Scheduled.SkipPredicate {
        private final ObservabilityConfig config;

        public FilesDisabled(ObservabilityConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.files().enabled();
        }
    }
}
