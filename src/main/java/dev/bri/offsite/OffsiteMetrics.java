package dev.bri.offsite;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bri_backup_offsite_lag_seconds} (how far the bucket may be behind the backup directory: the time since the
 * oldest sealed file still pending, or, when the last pass left the bucket in sync, since that pass listed the
 * directory, because what was sealed after it waits for the next pass; so it rises to about one interval between
 * passes and is the offsite part of the RPO), {@code bri_backup_offsite_pending_objects}, {@code bri_backup_offsite_uploaded_objects_total},
 * {@code bri_backup_offsite_uploaded_bytes_total} (bytes stored, i.e. encrypted), {@code
 * bri_backup_offsite_failures_total}, {@code bri_backup_offsite_last_success_timestamp_seconds} (last pass that left
 * the bucket in sync) and {@code bri_backup_offsite_enabled}. No labels: one bucket per service.
 */
@ApplicationScoped
public class OffsiteMetrics implements Replicator.Listener {

    private final Counter objects;
    private final Counter bytes;
    private final Counter failures;
    private final AtomicReference<Instant> behindSince = new AtomicReference<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicLong enabled = new AtomicLong();
    private final Clock clock = Clock.systemUTC();

    public OffsiteMetrics(MeterRegistry registry) {
        objects = Counter.builder("bri.backup.offsite.uploaded.objects")
                .description("Objects uploaded to the offsite bucket").register(registry);
        bytes = Counter.builder("bri.backup.offsite.uploaded.bytes")
                .description("Bytes uploaded to the offsite bucket (encrypted size)").register(registry);
        failures = Counter.builder("bri.backup.offsite.failures")
                .description("Failed upload attempts to the offsite bucket").register(registry);
        Gauge.builder("bri.backup.offsite.lag", this, OffsiteMetrics::lagSeconds).baseUnit("seconds")
                .description(
                        "How far the offsite bucket may be behind the backup directory (time since the oldest sealed "
                                + "file not known to be uploaded)")
                .register(registry);
        Gauge.builder("bri.backup.offsite.pending.objects", pending, AtomicLong::get)
                .description("Sealed backup files not yet in the offsite bucket").register(registry);
        Gauge.builder("bri.backup.offsite.last.success.timestamp", lastSuccess, AtomicLong::get).baseUnit("seconds")
                .description("Unix time of the last pass that left the offsite bucket in sync (0: never)")
                .register(registry);
        Gauge.builder("bri.backup.offsite.enabled", enabled, AtomicLong::get)
                .description("1 when offsite replication is configured").register(registry);
    }

    @Override
    public void uploaded(String relative, long plaintextBytes, long storedBytes, int parts) {
        objects.increment();
        bytes.increment(storedBytes);
    }

    @Override
    public void failed(String relative, Exception error) {
        failures.increment();
    }

    void enabled(boolean on) {
        enabled.set(on ? 1 : 0);
    }

    void pass(Replicator.Pass pass) {
        behindSince.set(pass.behindSince());
        pending.set(pass.pending());
        if (pass.inSync()) {
            lastSuccess.set(clock.instant().getEpochSecond());
        }
    }

    /** A failed pass that could not even scan (for example the backup directory unreadable). */
    void passFailed() {
        failures.increment();
    }

    double lagSeconds() {
        Instant oldest = behindSince.get();
        return oldest == null ? 0 : Math.max(0, clock.instant().toEpochMilli() - oldest.toEpochMilli()) / 1000.0;
    }

    long pendingObjects() {
        return pending.get();
    }
}
