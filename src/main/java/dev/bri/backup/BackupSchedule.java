package dev.bri.backup;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When the in-process backup is due: at the first time {@code bri.backup.cron} (Quartz syntax, UTC) names after the
 * previous run, or after the service started. Runs missed while the service was down are not made up (as with a
 * cron job): the backup-age alert covers a schedule that keeps missing. Not thread-safe; one scheduler owns it.
 */
final class BackupSchedule {

    private static final CronParser QUARTZ = new CronParser(
            CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final String expression;
    private final ExecutionTime cron;
    private Instant next;

    private BackupSchedule(String expression, ExecutionTime cron, Instant start) {
        this.expression = expression;
        this.cron = cron;
        this.next = cron == null ? null : after(start);
    }

    /** {@code off} (or {@code disabled}, empty) turns the schedule off; anything else must be a Quartz cron. */
    static BackupSchedule of(String expression, Instant start) {
        String e = expression == null ? "" : expression.trim();
        if (e.isEmpty() || e.equalsIgnoreCase("off") || e.equalsIgnoreCase("disabled")) {
            return new BackupSchedule("off", null, start);
        }
        try {
            return new BackupSchedule(e, ExecutionTime.forCron(QUARTZ.parse(e)), start);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("bri.backup.cron \"" + e + "\" is not a Quartz cron expression "
                    + "(seconds first, e.g. \"0 0 2 * * ?\") nor \"off\": " + ex.getMessage(), ex);
        }
    }

    boolean enabled() {
        return cron != null;
    }

    String expression() {
        return expression;
    }

    /** The time the next backup is due; empty when the schedule is off or names no future time. */
    Optional<Instant> next() {
        return Optional.ofNullable(next);
    }

    /**
     * True once per scheduled time, on the first call at or after it; the next time is then computed from
     * {@code now}, so a check that came late does not fire twice.
     */
    boolean due(Instant now) {
        if (next == null || now.isBefore(next)) {
            return false;
        }
        next = after(now);
        return true;
    }

    private Instant after(Instant t) {
        return cron.nextExecution(ZonedDateTime.ofInstant(t, ZoneOffset.UTC)).map(ZonedDateTime::toInstant)
                .orElse(null);
    }
}
