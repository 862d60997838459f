package dev.bri.observability;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Logging knobs of bri-context ({@code bri.log.*}); the Quarkus handler wiring lives in application.properties. */
@ConfigMapping(prefix = "bri.log")
public interface ObservabilityConfig {

    /** HTTP requests and database operations slower than this are logged to {@code bri.performance}. */
    @WithDefault("500ms")
    Duration slowThreshold();

    /** Recent log records kept in memory for the ops dashboard (oldest dropped first). */
    @WithDefault("5000")
    int bufferSize();

    /** Distinct error fingerprints tracked for the dashboard's Errors tab. */
    @WithDefault("500")
    int maxErrorGroups();

    Files files();

    /** The API log ({@code bri.api}): one record per HTTP request. */
    Api api();

    interface Api {
        /** One record per request in the bri.api category (console; bri_api.log when log files are on). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Share of successful, fast requests written (0 to 1); errors (status 400 and above) and requests slower than
         * bri.log.slow-threshold are always written. For very busy deployments.
         */
        @WithDefault("1.0")
        double sampleRate();

        /** Path prefixes not logged: the health probes and metrics scrapes by default. */
        @WithDefault("/q/health,/q/metrics")
        java.util.List<String> skipPaths();
    }

    interface Files {
        /**
         * Writes bri.log, bri_errors.log, bri_performance.log, bri_audit.log, bri_pipeline.log and bri_api.log (JSON
         * lines).
         */
        @WithDefault("false")
        boolean enabled();

        /** Directory of the log files. */
        @WithDefault("./logs")
        Path dir();

        /** Rotated files older than this many days are deleted (all files but the audit log). */
        @WithDefault("30")
        int retentionDays();

        /** Rotated audit log files older than this many days are deleted. */
        @WithDefault("90")
        int auditRetentionDays();

        /** Size cap of one day's file; beyond it the day is split into numbered parts. */
        @WithDefault("1G")
        MemorySize maxFileSize();

        /** Size-rotated parts kept per file (days are pruned by the retention clean-up, not by this). */
        @WithDefault("100")
        int maxBackupIndex();

        /** When the retention clean-up runs (Quartz cron); {@code off} disables it. */
        @WithDefault("0 17 0 * * ?")
        String cleanupCron();
    }
}
