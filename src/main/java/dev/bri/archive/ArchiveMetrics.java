package dev.bri.archive;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code bri_backup_archive_lag_seconds}, {@code bri_backup_archive_active}, {@code bri_backup_archive_enabled},
 * {@code bri_backup_archive_max_wal_bytes}, {@code bri_backup_archive_bytes_total},
 * {@code bri_backup_archive_segments_total}, {@code bri_backup_archive_chain_start_timestamp_seconds},
 * {@code bri_backup_archive_chains_total{reason}}, {@code bri_backup_archive_stops_total{reason}},
 * {@code bri_backup_archive_checkpoints_total{mode,result}}. Label values come from fixed sets.
 */
@ApplicationScoped
public class ArchiveMetrics {

    static final List<String> REASONS = List.of("first_start", "wal_reset", "wal_changed", "gap", "restore",
            "archive_error", "scheduled", "drill_failed");

    private final MeterRegistry registry;
    private final Counter bytes;
    private final Counter segments;

    public ArchiveMetrics(MeterRegistry registry) {
        this.registry = registry;
        bytes = Counter.builder("bri.backup.archive.bytes").baseUnit("bytes")
                .description("Bytes of sealed archive segments written").register(registry);
        segments = Counter.builder("bri.backup.archive.segments").description("Archive segments sealed")
                .register(registry);
        for (String reason : REASONS) {
            chains(reason);
            stops(reason);
        }
        for (String mode : List.of("passive", "truncate")) {
            checkpoints(mode, "complete");
            checkpoints(mode, "partial");
        }
    }

    /** Gauges read the archiver's status when scraped; the settings the alert rules compare with are gauges too. */
    void bind(Supplier<WalArchiver.Status> status, Clock clock, boolean enabled, long maxWalBytes) {
        Gauge.builder("bri.backup.archive.enabled", () -> enabled ? 1 : 0)
                .description("1 when WAL archiving is configured on (bri.backup.archive.enabled)").strongReference(true)
                .register(registry);
        Gauge.builder("bri.backup.archive.max.wal", () -> maxWalBytes).baseUnit("bytes")
                .description("The WAL's size cap (bri.backup.archive.max-wal-size)").strongReference(true)
                .register(registry);
        Gauge.builder("bri.backup.archive.lag", () -> {
            Instant oldest = status.get().oldestUnarchivedCommit();
            return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
        }).baseUnit("seconds").description("Age of the oldest committed transaction not yet archived (0: caught up)")
                .strongReference(true).register(registry);
        Gauge.builder("bri.backup.archive.active", () -> "archiving".equals(status.get().state()) ? 1 : 0)
                .description("1 while a chain is being archived, 0 while archiving is stopped or disabled")
                .strongReference(true).register(registry);
        Gauge.builder("bri.backup.archive.chain.start.timestamp", () -> {
            Instant start = status.get().chainStartedAt();
            return start == null ? 0 : start.getEpochSecond();
        }).baseUnit("seconds").description("Unix time the current chain's base snapshot represents (0: no chain)")
                .strongReference(true).register(registry);
    }

    private Counter chains(String reason) {
        return Counter.builder("bri.backup.archive.chains").description("Archive chains started, by reason")
                .tag("reason", reason).register(registry);
    }

    private Counter stops(String reason) {
        return Counter.builder("bri.backup.archive.stops").description("Times archiving stopped, by reason")
                .tag("reason", reason).register(registry);
    }

    private Counter checkpoints(String mode, String result) {
        return Counter.builder("bri.backup.archive.checkpoints")
                .description("WAL checkpoints run by the archiver, by mode and whether they reached the WAL's end")
                .tag("mode", mode).tag("result", result).register(registry);
    }

    void sealed(long segmentBytes) {
        segments.increment();
        bytes.increment(segmentBytes);
    }

    void chainStarted(String reason) {
        chains(REASONS.contains(reason) ? reason : "scheduled").increment();
    }

    void stopped(String reason) {
        if (REASONS.contains(reason)) {
            stops(reason).increment();
        }
    }

    void checkpointed(String mode, boolean complete) {
        checkpoints(mode, complete ? "complete" : "partial").increment();
    }
}
