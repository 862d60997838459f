package dev.bri.backup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Backups, verification, retention ({@code bri.backup.*}); every key can be set by env, e.g. BRI_BACKUP_DIR. */
@ConfigMapping(prefix = "bri.backup")
public interface BackupConfig {

    /** Where backups are written (a mounted volume in Kubernetes). */
    @WithDefault("./backups")
    Path dir();

    /** Quartz cron (seconds first) of scheduled backups, in UTC; {@code off} disables them. */
    @WithDefault("0 0 2 * * ?")
    String cron();

    /** Compress backups with gzip. */
    @WithDefault("true")
    boolean gzip();

    /** Deflate level 1-9: 1 is several times faster than 6 and loses a few percent of size on SQLite pages. */
    @WithDefault("1")
    int gzipLevel();

    /** Verify each scheduled backup right after writing it. */
    @WithDefault("true")
    boolean scheduledVerify();

    /** Apply retention after each scheduled backup. */
    @WithDefault("true")
    boolean scheduledCleanup();

    /** Health turns degraded when the newest verified backup is older than this (BRI's threshold: 24 h). */
    @WithDefault("24h")
    Duration maxAge();

    Retention retention();

    interface Retention {
        /** Regular backups younger than this many days are kept. */
        @WithDefault("30")
        int keepDays();

        /** The newest N regular backups are kept whatever their age (0 = off). */
        @WithDefault("7")
        int keepLast();

        /** Grandfather-father-son: newest backup of each of the last N days / ISO weeks / months (0 = off). */
        @WithDefault("0")
        int daily();

        @WithDefault("0")
        int weekly();

        @WithDefault("0")
        int monthly();

        /** Safety backups (taken before each restore) have their own, shorter retention. */
        @WithDefault("7")
        int safetyKeepDays();

        @WithDefault("3")
        int safetyKeepLast();
    }

    default RetentionPolicy policy() {
        Retention r = retention();
        return new RetentionPolicy(r.keepDays(), r.keepLast(), r.daily(), r.weekly(), r.monthly(), r.safetyKeepDays(),
                r.safetyKeepLast());
    }
}
