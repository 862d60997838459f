package dev.bri.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Retention arithmetic on synthetic metadata (no files needed). */
class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private static BackupMetadata backup(BackupKind kind, Instant created, boolean verified) {
        BackupId id = BackupId.next(kind, created);
        Verification v = verified
                ? new Verification(id.value(), Verification.PASSED, created.toString(), "ok")
                : Verification.unverified(id.value());
        return new BackupMetadata(id.value(), kind, created.toString(), "schedule", "dev", "1", "3.46",
                4096, id.value() + ".db", Compression.NONE, 1, 1, "00", Map.of(), 0.1, v);
    }

    /** One daily backup at 02:00 for {@code days} days, newest first. */
    private static List<BackupMetadata> daily(int days, boolean verified) {
        List<BackupMetadata> all = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            all.add(backup(BackupKind.BACKUP, Instant.parse("2026-11-29T02:00:00Z").minus(Duration.ofDays(d)),
                    verified));
        }
        return all;
    }

    private static List<String> kept(List<Retention.Decision> plan) {
        return plan.stream().filter(Retention.Decision::keep).map(d -> d.backup().createdAt())
                .collect(Collectors.toList());
    }

    @Test
    void keepDaysKeepsExactlyTheBackupsYoungerThanTheLimit() {
        List<BackupMetadata> all = daily(40, true);
        List<Retention.Decision> plan = Retention.plan(all, new RetentionPolicy(30, 0, 0, 0, 0, 7, 3), NOW);
        // 2026-11-29 back to 2026-10-31 02:00 are within 30 days of 2026-11-29 12:00 (cutoff 2026-10-30T12:00)
        assertThat(kept(plan)).hasSize(30).contains("2026-10-31T02:00:00Z").doesNotContain("2026-10-30T02:00:00Z");
    }

    @Test
    void keepLastKeepsTheNewestNWhateverTheirAge() {
        List<BackupMetadata> all = daily(10, false);
        List<Retention.Decision> plan = Retention.plan(all, new RetentionPolicy(0, 4, 0, 0, 0, 7, 3),
                NOW.plus(Duration.ofDays(365)));
        assertThat(kept(plan)).containsExactly("2026-11-29T02:00:00Z", "2026-11-28T02:00:00Z",
                "2026-11-27T02:00:00Z", "2026-11-26T02:00:00Z");
    }

    @Test
    void grandfatherFatherSonKeepsTheNewestOfEachDayWeekAndMonth() {
        List<BackupMetadata> all = new ArrayList<>();
        // two backups a day for 120 days
        for (int d = 0; d < 120; d++) {
            Instant day = Instant.parse("2026-11-29T02:00:00Z").minus(Duration.ofDays(d));
            all.add(backup(BackupKind.BACKUP, day.plus(Duration.ofHours(12)), false));
            all.add(backup(BackupKind.BACKUP, day, false));
        }
        Instant now = Instant.parse("2026-11-29T23:00:00Z");
        List<Retention.Decision> plan = Retention.plan(all, new RetentionPolicy(0, 0, 7, 4, 3, 7, 3), now);
        List<String> kept = kept(plan);
        // daily: the 14:00 backup of each of the last 7 days (2026-11-23..29)
        for (int d = 23; d <= 29; d++) {
            assertThat(kept).contains("2026-11-" + d + "T14:00:00Z");
            assertThat(kept).doesNotContain("2026-11-" + d + "T02:00:00Z");
        }
        // weekly: newest of ISO weeks 48 (Nov 23-29, already kept), 47, 46, 45 -> Sundays Nov 22, 15, 8
        assertThat(kept).contains("2026-11-22T14:00:00Z", "2026-11-15T14:00:00Z", "2026-11-08T14:00:00Z");
        // monthly: November (kept), October 31, September 30
        assertThat(kept).contains("2026-10-31T14:00:00Z", "2026-09-30T14:00:00Z");
        assertThat(kept).hasSize(7 + 3 + 2);
    }

    @Test
    void theNewestVerifiedBackupIsNeverDeleted() {
        List<BackupMetadata> all = new ArrayList<>(daily(5, false));
        BackupMetadata oldVerified = backup(BackupKind.BACKUP, Instant.parse("2026-01-01T02:00:00Z"), true);
        all.add(oldVerified);
        List<Retention.Decision> plan = Retention.plan(all, new RetentionPolicy(1, 0, 0, 0, 0, 7, 3), NOW);
        assertThat(kept(plan)).contains("2026-01-01T02:00:00Z", "2026-11-29T02:00:00Z");
        assertThat(plan.stream().filter(d -> d.backup().equals(oldVerified)).findFirst().orElseThrow().reason())
                .isEqualTo("newest verified");
        assertThat(kept(Retention.plan(all, new RetentionPolicy(0, 0, 0, 0, 0, 0, 0),
                NOW.plus(Duration.ofDays(999))))).containsExactly("2026-01-01T02:00:00Z");
    }

    @Test
    void safetyBackupsHaveTheirOwnRules() {
        List<BackupMetadata> all = new ArrayList<>(daily(3, true));
        for (int d = 0; d < 6; d++) {
            all.add(backup(BackupKind.SAFETY, Instant.parse("2026-11-29T03:00:00Z").minus(Duration.ofDays(d * 3L)),
                    false));
        }
        List<Retention.Decision> plan = Retention.plan(all, new RetentionPolicy(365, 0, 0, 0, 0, 4, 2), NOW);
        List<String> safetyKept = plan.stream().filter(d -> d.keep() && d.backup().kind() == BackupKind.SAFETY)
                .map(d -> d.backup().createdAt()).toList();
        // keep-last 2 (Nov 29, 26) and younger than 4 days (same two): Nov 23 and older go
        assertThat(safetyKept).containsExactly("2026-11-29T03:00:00Z", "2026-11-26T03:00:00Z");
        assertThat(plan.stream().filter(d -> d.backup().regular()).allMatch(Retention.Decision::keep))
                .isTrue();
    }

    @Test
    void idsAreStrictSortableAndCarryTheirTime() {
        Instant t = Instant.parse("2026-11-29T02:00:00.123Z");
        BackupId id = BackupId.next(BackupKind.BACKUP, t);
        assertThat(id.value()).matches("backup-20261129T020000123Z-[0-9a-f]{6}");
        assertThat(id.created()).isEqualTo(t);
        assertThat(BackupId.next(BackupKind.SAFETY, t).kind()).isEqualTo(BackupKind.SAFETY);
        assertThat(BackupId.next(BackupKind.BACKUP, t.plusMillis(1))).isGreaterThan(id);
        for (String bad : List.of("../backup-20261129T020000123Z-abcdef", "backup-20261129T020000123Z-abcdef/..",
                "backup-20261129T020000123Z-ABCDEF", "backup-20261129T020000123Z-abcdef.json", "",
                "/etc/passwd", "backup-20261129T020000123Z-abcdef\n", "safety-2026-11-29")) {
            assertThat(BackupId.isValid(bad)).as(bad).isFalse();
        }
    }
}
