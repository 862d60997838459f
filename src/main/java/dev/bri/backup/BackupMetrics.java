package dev.bri.backup;

import dev.bri.storage.Engine;
import dev.bri.storage.StorageConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bri_backup_last_success_timestamp_seconds}, {@code bri_backup_duration_seconds},
 * {@code bri_backup_size_bytes}, {@code bri_backups_total{trigger,result}},
 * {@code bri_backup_verifications_total{result}}, {@code bri_backups_stored{kind}}, {@code bri_restores_total{result}}.
 * Label values come from fixed sets.
 */
@ApplicationScoped
public class BackupMetrics {

    private final MeterRegistry registry;
    private final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicLong lastSize = new AtomicLong();
    private final AtomicLong storedBackups = new AtomicLong();
    private final AtomicLong storedSafety = new AtomicLong();
    private final Timer duration;

    public BackupMetrics(MeterRegistry registry, StorageConfig storage) {
        this.registry = registry;
        // On PostgreSQL the service takes no backups: without this series the age alert (BriContextBackupMissing)
        // stays quiet instead of firing for a backup that is not the service's to take.
        if (storage.storage().engine() == Engine.SQLITE) {
            Gauge.builder("bri.backup.last.success.timestamp", lastSuccess, AtomicLong::get)
                    .description("Unix time of the newest successful backup (0: none)").baseUnit("seconds")
                    .register(registry);
        }
        Gauge.builder("bri.backup.size", lastSize, AtomicLong::get)
                .description("Size on disk of the newest backup").baseUnit("bytes").register(registry);
        Gauge.builder("bri.backups.stored", storedBackups, AtomicLong::get).tag("kind", BackupKind.BACKUP.label())
                .description("Backups in the backup directory").register(registry);
        Gauge.builder("bri.backups.stored", storedSafety, AtomicLong::get).tag("kind", BackupKind.SAFETY.label())
                .description("Backups in the backup directory").register(registry);
        duration = Timer.builder("bri.backup.duration").description("Time to take one backup (verification excluded)")
                .publishPercentileHistogram(false).register(registry);
        // The counters the alert rules watch exist at 0 from start-up: increase() cannot see the first event of a
        // series that only appears with it (the first failure after a restart would not alert).
        for (String trigger : List.of("api", "cli", "job", "schedule")) {
            for (String result : List.of("success", "failure", "busy")) {
                backups(trigger, result);
            }
        }
        verifications("passed");
        verifications("failed");
        for (String result : List.of("success", "rolled_back", "refused", "not_started", "failed")) {
            restores(result);
        }
    }

    private Counter backups(String trigger, String result) {
        return Counter.builder("bri.backups").description("Backups attempted, by trigger and result")
                .tag("trigger", trigger).tag("result", result).register(registry);
    }

    private Counter verifications(String result) {
        return Counter.builder("bri.backup.verifications").description("Backup verifications, by result")
                .tag("result", result).register(registry);
    }

    private Counter restores(String result) {
        return Counter.builder("bri.restores")
                .description("Restores, by result (success, rolled_back, refused, failed)")
                .tag("result", result).register(registry);
    }

    void succeeded(BackupMetadata backup, String trigger) {
        count(trigger, "success");
        duration.record(Duration.ofMillis(Math.round(backup.durationSeconds() * 1000)));
        if (backup.regular()) {
            lastSuccess.accumulateAndGet(backup.created().getEpochSecond(), Math::max);
            lastSize.set(backup.backupBytes());
        }
    }

    void failed(String trigger) {
        count(trigger, "failure");
    }

    void busy(String trigger) {
        count(trigger, "busy");
    }

    private void count(String trigger, String result) {
        backups(trigger, result).increment();
    }

    void verified(Verification v) {
        verifications(v.passed() ? "passed" : "failed").increment();
    }

    void restore(String result) {
        restores(result).increment();
    }

    /** Refreshes the gauges that describe the directory (at start-up and after every change). */
    void stored(List<BackupMetadata> all) {
        storedBackups.set(all.stream().filter(BackupMetadata::regular).count());
        storedSafety.set(all.stream().filter(b -> b.kind() == BackupKind.SAFETY).count());
        all.stream().filter(BackupMetadata::regular).findFirst().ifPresent(newest -> {
            lastSuccess.accumulateAndGet(newest.created().getEpochSecond(), Math::max);
            if (lastSize.get() == 0) {
                lastSize.set(newest.backupBytes());
            }
        });
    }
}
