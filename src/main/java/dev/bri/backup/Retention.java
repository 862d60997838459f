package dev.bri.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which backups to keep. Regular backups are kept when younger than keep-days, among the newest keep-last, or the
 * newest of one of the last N days / ISO weeks / months (grandfather-father-son, UTC); the newest verified backup is
 * kept whatever the rules say. Safety backups follow their own keep-days and keep-last.
 */
public final class Retention {

    public record Decision(BackupMetadata backup, boolean keep, String reason) {
    }

    private Retention() {
    }

    public static List<Decision> plan(List<BackupMetadata> all, RetentionPolicy policy, Instant now) {
        List<BackupMetadata> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(BackupMetadata::backupId).reversed());
        List<BackupMetadata> regular = sorted.stream().filter(BackupMetadata::regular).toList();
        List<BackupMetadata> safety = sorted.stream().filter(b -> b.kind() == BackupKind.SAFETY).toList();
        Map<BackupMetadata, String> keep = new LinkedHashMap<>();
        regular.stream().filter(BackupMetadata::verified).findFirst().ifPresent(b -> keep.put(b, "newest verified"));
        keepRecent(regular, policy.keepDays(), policy.keepLast(), now, keep);
        keepNewestPer(regular, policy.daily(), b -> day(b), "daily", keep);
        keepNewestPer(regular, policy.weekly(), b -> {
            LocalDate d = day(b);
            return d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        }, "weekly", keep);
        keepNewestPer(regular, policy.monthly(), b -> day(b).withDayOfMonth(1), "monthly", keep);
        keepRecent(safety, policy.safetyKeepDays(), policy.safetyKeepLast(), now, keep);
        List<Decision> decisions = new ArrayList<>();
        for (BackupMetadata b : sorted) {
            String reason = keep.get(b);
            decisions.add(reason != null
                    ? new Decision(b, true, reason)
                    : new Decision(b, false, "older than the retention rules keep"));
        }
        return decisions;
    }

    private static void keepRecent(List<BackupMetadata> newestFirst, int days, int last, Instant now,
            Map<BackupMetadata, String> keep) {
        Instant cutoff = now.minus(Duration.ofDays(days));
        for (int i = 0; i < newestFirst.size(); i++) {
            BackupMetadata b = newestFirst.get(i);
            if (i < last) {
                keep.putIfAbsent(b, "among the newest " + last);
            } else if (b.created().isAfter(cutoff)) {
                keep.putIfAbsent(b, "younger than " + days + " days");
            }
        }
    }

    private static void keepNewestPer(List<BackupMetadata> newestFirst, int periods,
            Function<BackupMetadata, Object> period, String label, Map<BackupMetadata, String> keep) {
        Set<Object> seen = new HashSet<>();
        for (BackupMetadata b : newestFirst) {
            if (seen.size() >= periods) {
                return;
            }
            if (seen.add(period.apply(b))) {
                keep.putIfAbsent(b, label);
            }
        }
    }

    private static LocalDate day(BackupMetadata b) {
        return LocalDate.ofInstant(b.created(), ZoneOffset.UTC);
    }
}
