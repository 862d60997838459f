package dev.bri.backup;

/** Retention rules; see {@link Retention}. */
public record RetentionPolicy(int keepDays, int keepLast, int daily, int weekly, int monthly, int safetyKeepDays,
        int safetyKeepLast) {

    public static final RetentionPolicy DEFAULT = new RetentionPolicy(30, 7, 0, 0, 0, 7, 3);
}
