package dev.bri.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The in-process backup schedule with a clock the test moves: the real scheduler and backup service of the running
 * application take a backup when the cron's time has come, and not before, not twice, not for missed days.
 */
@QuarkusTest
class BackupSchedulerTest {

    @Inject
    BackupService backups;

    @Inject
    BackupConfig config;

    /** A clock that stands still until the test moves it. */
    static final class MovedClock extends Clock {
        private volatile Instant now;

        MovedClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private long scheduledBackups() {
        return backups.list().stream().filter(b -> "schedule".equals(b.trigger())).count();
    }

    @Test
    void aBackupIsTakenWhenTheCronTimeComesAndNotOtherwise() {
        MovedClock clock = new MovedClock(Instant.parse("2026-12-03T01:59:50Z"));
        BackupScheduler scheduler = new BackupScheduler(backups, config, clock, "0 0 2 * * ?");
        assertThat(scheduler.next()).contains(Instant.parse("2026-12-03T02:00:00Z"));
        long before = scheduledBackups();

        assertThat(scheduler.runIfDue()).isFalse();
        clock.set(Instant.parse("2026-12-03T01:59:59.999Z"));
        assertThat(scheduler.runIfDue()).isFalse();
        assertThat(scheduledBackups()).isEqualTo(before);

        clock.set(Instant.parse("2026-12-03T02:00:00Z"));
        assertThat(scheduler.runIfDue()).isTrue();
        assertThat(scheduledBackups()).isEqualTo(before + 1);
        BackupMetadata taken = backups.list().stream().filter(b -> "schedule".equals(b.trigger()))
                .max(java.util.Comparator.comparing(BackupMetadata::createdAt)).orElseThrow();
        assertThat(taken.kind()).isEqualTo(BackupKind.BACKUP);

        // the next check, a few seconds later, does not take it again; the next one is tomorrow
        clock.set(Instant.parse("2026-12-03T02:00:10Z"));
        assertThat(scheduler.runIfDue()).isFalse();
        assertThat(scheduler.next()).contains(Instant.parse("2026-12-04T02:00:00Z"));
        clock.set(Instant.parse("2026-12-04T01:59:59Z"));
        assertThat(scheduler.runIfDue()).isFalse();
        assertThat(scheduledBackups()).isEqualTo(before + 1);

        // three days without a check (the process was paused): one backup, not three, and then the next 02:00
        clock.set(Instant.parse("2026-12-07T09:30:00Z"));
        assertThat(scheduler.runIfDue()).isTrue();
        assertThat(scheduler.runIfDue()).isFalse();
        assertThat(scheduledBackups()).isEqualTo(before + 2);
        assertThat(scheduler.next()).contains(Instant.parse("2026-12-08T02:00:00Z"));
    }

    @Test
    void offNeverTakesOneAndABadExpressionIsRefused() {
        MovedClock clock = new MovedClock(Instant.parse("2026-12-03T01:00:00Z"));
        BackupScheduler off = new BackupScheduler(backups, config, clock, "off");
        long before = scheduledBackups();
        for (int day = 0; day < 3; day++) {
            clock.set(clock.instant().plus(Duration.ofHours(9)));
            assertThat(off.runIfDue()).isFalse();
        }
        assertThat(off.next()).isEmpty();
        assertThat(scheduledBackups()).isEqualTo(before);
        assertThatThrownBy(() -> new BackupScheduler(backups, config, clock, "every night"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bri.backup.cron");
    }
}
