package dev.bri.backup;

/** Retention rules ({@code bri.backup.retention.*}, {@link BackupConfig#policy()}); see {@link Retention}. */
public record RetentionPolicy(int keepDays, int keepLast, int daily, int weekly, int monthly, int safetyKeepDays,
        int safetyKeepLast) {
}
