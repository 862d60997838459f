package dev.bri.backup;

import dev.bri.api.ApiException;
import dev.bri.api.ProblemType;
import dev.bri.cache.CacheFlush;
import dev.bri.observability.AuditEvent;
import dev.bri.resilience.MaintenanceMode;
import dev.bri.resilience.MaintenanceQueue;
import dev.bri.storage.Database;
import dev.bri.storage.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Restores the live database from a backup without making things worse: maintenance on (writes held, reads
 * served), a uniquely named safety backup of the current database, the source verified and staged, every connection
 * closed while the file is swapped (its WAL and SHM removed), the result reopened, checked and migrated, caches
 * flushed, maintenance off (held writes applied). Any failure after the swap puts the safety backup back.
 */
@ApplicationScoped
public class RestoreService {

    private static final Logger LOG = Logger.getLogger(RestoreService.class);

    /** Exactly one of backup_id, latest, at. */
    public record Request(String backupId, Boolean latest, String at, Boolean dryRun) {
    }

    /**
     * @param status {@code restored}, {@code dry_run}
     * @param steps  what was done (or, for a dry run, what would be done)
     */
    public record Report(String status, String backupId, String backupCreatedAt, String safetyBackupId,
            Verification verification, double durationSeconds, List<String> steps) {
    }

    private final BackupService backups;
    private final MaintenanceMode maintenance;
    private final Database database;
    private final StorageConfig storage;
    private final Flyway flyway;
    private final BackupMetrics metrics;
    private final Event<AuditEvent> audit;
    /** Both cache tiers (every replica) drop everything: no per-video events describe a swapped file. */
    private final Event<CacheFlush> replaced;

    public RestoreService(BackupService backups, MaintenanceMode maintenance, Database database, StorageConfig storage,
            Flyway flyway, BackupMetrics metrics, Event<AuditEvent> audit, Event<CacheFlush> replaced) {
        this.backups = backups;
        this.maintenance = maintenance;
        this.database = database;
        this.storage = storage;
        this.flyway = flyway;
        this.metrics = metrics;
        this.audit = audit;
        this.replaced = replaced;
    }

    /** Picks the backup a request names: by id, the newest, or the newest taken at or before a time. */
    public BackupMetadata resolve(Request request) {
        int selectors = (request.backupId() != null ? 1 : 0) + (Boolean.TRUE.equals(request.latest()) ? 1 : 0)
                + (request.at() != null ? 1 : 0);
        if (selectors != 1) {
            throw ApiException.invalid("backup_id", "give exactly one of backup_id, latest=true or at");
        }
        if (request.backupId() != null) {
            if (!BackupId.isValid(request.backupId())) {
                throw ApiException.invalid("backup_id", BackupId.MESSAGE);
            }
            BackupId id = new BackupId(request.backupId());
            return backups.find(id).orElseThrow(() -> ApiException.notFound("backup " + id));
        }
        List<BackupMetadata> regular = backups.list().stream().filter(b -> "backup".equals(b.kind())).toList();
        if (Boolean.TRUE.equals(request.latest())) {
            return regular.stream().findFirst().orElseThrow(() -> ApiException.notFound("any backup"));
        }
        Instant at;
        try {
            at = Instant.parse(request.at());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("at", "must be an ISO-8601 UTC time such as 2026-11-29T02:00:00Z");
        }
        return regular.stream().filter(b -> !b.created().isAfter(at)).findFirst()
                .orElseThrow(() -> ApiException.notFound("backup taken at or before " + at));
    }

    public Report restore(Request request, String trigger) {
        BackupMetadata source = resolve(request);
        BackupId id = source.backupId();
        if (Boolean.TRUE.equals(request.dryRun())) {
            return dryRun(source);
        }
        long started = System.nanoTime();
        List<String> steps = new ArrayList<>();
        try (BackupLock lock = backups.lock("restore-" + id, trigger);
                MaintenanceQueue.Hold hold = maintenance.hold("restore of " + id)) {
            steps.add("maintenance on: writes held, reads served; the writes already running finished");
            Report report = run(source, trigger, steps, started);
            steps.add("maintenance off (unless an operator keeps it on): held writes applied in order");
            return report;
        } catch (IOException e) {
            throw new ApiException(ProblemType.SERVICE_UNAVAILABLE, "restore failed: " + e.getMessage());
        }
    }

    private Report run(BackupMetadata source, String trigger, List<String> steps, long started) {
        BackupId id = source.backupId();
        Path dbFile = storage.databaseFile();
        Path staged;
        try {
            staged = RestoreFiles.stage(backups.store(), source, dbFile);
        } catch (IOException e) {
            backups.record(id, new Verification(id.value(), Verification.FAILED, Instant.now().toString(),
                    e.getMessage()));
            refused(id, e.getMessage());
            throw new IllegalStateException("unreachable");
        }
        Verification verification = backups.record(id, RestoreFiles.verifyStaged(source, staged));
        if (!verification.passed()) {
            FileOps.deleteQuietly(staged);
            refused(id, verification.detail());
        }
        steps.add("staged " + staged.getFileName() + " and verified it: " + verification.detail());
        BackupMetadata safety;
        try {
            safety = backups.safetyBackup(trigger);
        } catch (RuntimeException e) {
            FileOps.deleteQuietly(staged);
            throw e;
        }
        steps.add("safety backup " + safety.id() + " taken of the current database");
        try {
            swapIn(staged, "restore");
            steps.add("database replaced (connections closed, -wal/-shm removed), reopened: quick_check ok, migrated");
        } catch (RuntimeException e) {
            String cause = e.getMessage();
            LOG.errorf("restore.failed id=%s error=%s rolling_back_to=%s", id, cause, safety.id());
            rollBack(safety, id, cause);
            metrics.restore("rolled_back");
            audit.fire(AuditEvent.failure("backup.restore", id.value(), "rolled back to " + safety.id() + ": " + cause));
            throw new ApiException(ProblemType.SERVICE_UNAVAILABLE, "restore of " + id + " failed (" + cause
                    + "); the database was rolled back to safety backup " + safety.id(), null, Duration.ofSeconds(5));
        } finally {
            FileOps.deleteQuietly(staged);
        }
        replaced.fire(new CacheFlush("restore of " + id));
        steps.add("caches flushed");
        double seconds = (System.nanoTime() - started) / 1e9;
        metrics.restore("success");
        LOG.infof("restore.completed id=%s safety_backup=%s trigger=%s duration_seconds=%.3f", id, safety.id(), trigger,
                seconds);
        audit.fire(AuditEvent.success("backup.restore", id.value(), "safety backup " + safety.id()));
        return new Report("restored", id.value(), source.createdAt(), safety.id(), verification,
                Math.round(seconds * 1000) / 1000.0, steps);
    }

    /** Swaps a staged file in with every connection closed; throws (file already swapped) if the result is bad. */
    private void swapIn(Path staged, String operation) {
        Path dbFile = storage.databaseFile();
        database.exclusive(operation, ignored -> {
            try {
                RestoreFiles.swap(staged, dbFile);
            } catch (IOException e) {
                throw new SQLException("cannot replace the database file: " + e.getMessage(), e);
            }
            String integrity = RestoreFiles.integrity(dbFile);
            if (!"ok".equals(integrity)) {
                throw new SQLException("quick_check after swap: " + integrity);
            }
            try {
                flyway.migrate();
            } catch (RuntimeException e) {
                throw new SQLException("migration after swap failed: " + e.getMessage(), e);
            }
            return null;
        });
    }

    private void rollBack(BackupMetadata safety, BackupId failed, String cause) {
        try {
            Path staged = RestoreFiles.stage(backups.store(), safety, storage.databaseFile());
            swapIn(staged, "restore_rollback");
            replaced.fire(new CacheFlush("rollback to " + safety.id()));
            LOG.warnf("restore.rolled_back id=%s safety_backup=%s", failed, safety.id());
        } catch (IOException | RuntimeException e) {
            metrics.restore("failed");
            LOG.errorf("restore.rollback_failed id=%s safety_backup=%s error=%s", failed, safety.id(), e.getMessage());
            audit.fire(AuditEvent.failure("backup.restore", failed.value(), "rollback failed: " + e.getMessage()));
            throw new ApiException(ProblemType.INTERNAL, "restore of " + failed + " failed (" + cause
                    + ") and rolling back to " + safety.id() + " failed too (" + e.getMessage()
                    + "): restore " + safety.id() + " by hand");
        }
    }

    private void refused(BackupId id, String detail) {
        metrics.restore("refused");
        LOG.warnf("restore.refused id=%s reason=%s", id, detail);
        audit.fire(AuditEvent.failure("backup.restore", id.value(), "refused: " + detail));
        throw new ApiException(ProblemType.CONFLICT,
                "backup " + id + " failed verification, nothing was changed: " + detail);
    }

    private Report dryRun(BackupMetadata source) {
        BackupId id = source.backupId();
        Verification verification = backups.verify(id);
        List<String> steps = new ArrayList<>();
        steps.add("would turn maintenance on (writes held, reads served)");
        steps.add("would take a safety backup of " + storage.databaseFile() + " ("
                + size(storage.databaseFile()) + " bytes)");
        steps.add(verification.passed() ? "verified " + id + ": " + verification.detail()
                : "would refuse: " + id + " failed verification: " + verification.detail());
        if (verification.passed()) {
            steps.add("would replace the database with " + id + " (schema " + source.schemaVersion() + ", rows "
                    + source.rowCounts() + "), reopen, check integrity, migrate, flush caches");
            steps.add("would turn maintenance off and apply held writes in order");
        }
        audit.fire(AuditEvent.success("backup.restore_dry_run", id.value(), verification.status()));
        LOG.infof("restore.dry_run id=%s verification=%s", id, verification.status());
        return new Report("dry_run", id.value(), source.createdAt(), null, verification, 0, steps);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
