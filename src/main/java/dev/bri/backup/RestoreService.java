package dev.bri.backup;

import dev.bri.cache.CacheFlush;
import dev.bri.domain.BrokenStateException;
import dev.bri.domain.ConflictException;
import dev.bri.domain.InvalidInputException;
import dev.bri.domain.RetryLaterException;
import dev.bri.observability.AuditEvent;
import dev.bri.resilience.MaintenanceMode;
import dev.bri.storage.Database;
import dev.bri.storage.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
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
 * Restores the live database from a backup through {@link RestoreProcedure} (stage and verify, hold writes, safety
 * backup, swap, check, roll back), with the service's side of it: maintenance hold, pool drain, migrations, cache
 * flush, the {@link RestoreHook} beans; plus selection, dry runs, metrics, log events and audit records.
 */
@ApplicationScoped
public class RestoreService {

    private static final Logger LOG = Logger.getLogger(RestoreService.class);

    /**
     * Exactly one of backup_id, latest, at. {@code at}: an RFC 3339 UTC time or {@code latest}, rebuilt from the WAL
     * archive ({@link PointInTimeSource}) to that second.
     */
    public record Request(String backupId, Boolean latest, String at, Boolean dryRun) {
    }

    /**
     * @param status {@code restored}, {@code dry_run}
     * @param steps  what was done (or, for a dry run, what would be done)
     */
    public record Report(String status, String backupId, String backupCreatedAt, String safetyBackupId,
            Verification verification, double durationSeconds, List<String> steps,
            PointInTimeSource.Plan pointInTime) {
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

    /** Extension points: every bean implementing {@link RestoreHook} runs on each restored database. */
    private final Instance<RestoreHook> hooks;
    /** Restores to a time from the WAL archive (dev.bri.archive). */
    private final Instance<PointInTimeSource> pointsInTime;

    public RestoreService(BackupService backups, MaintenanceMode maintenance, Database database, StorageConfig storage,
            Flyway flyway, BackupMetrics metrics, Event<AuditEvent> audit, Event<CacheFlush> replaced,
            Instance<RestoreHook> hooks, Instance<PointInTimeSource> pointsInTime) {
        this.hooks = hooks;
        this.pointsInTime = pointsInTime;
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
            throw new InvalidInputException("backup_id", "give exactly one of backup_id, latest=true or at");
        }
        if (request.backupId() != null) {
            if (!BackupId.isValid(request.backupId())) {
                throw new InvalidInputException("backup_id", BackupId.MESSAGE);
            }
            return BackupSelection.choose(backups.store(), new BackupId(request.backupId()), null);
        }
        if (Boolean.TRUE.equals(request.latest())) {
            return BackupSelection.choose(backups.store(), null, null);
        }
        Instant at;
        try {
            at = Instant.parse(request.at());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("at", "must be an ISO-8601 UTC time such as 2026-11-29T02:00:00Z");
        }
        return BackupSelection.choose(backups.store(), null, at);
    }

    public Report restore(Request request, String trigger) {
        if (request.at() != null && !pointsInTime.isUnsatisfied()) {
            return toTime(request, trigger);
        }
        BackupMetadata source = resolve(request);
        BackupId id = source.backupId();
        if (Boolean.TRUE.equals(request.dryRun())) {
            return dryRun(source);
        }
        long started = System.nanoTime();
        List<String> steps = new ArrayList<>();
        RestoreProcedure.Outcome outcome = run(RestoreSource.backup(backups.store(), source), trigger, steps);
        steps.add(maintenance.state().active()
                ? "writes stay held: an operator's maintenance is still on"
                : "maintenance off: held writes applied in order");
        double seconds = (System.nanoTime() - started) / 1e9;
        metrics.restore("success");
        LOG.infof("restore.completed id=%s safety_backup=%s trigger=%s duration_seconds=%.3f", id,
                outcome.safetyBackup().id(), trigger, seconds);
        audit.fire(AuditEvent.success("backup.restore", id.value(), "safety backup " + outcome.safetyBackup().id()));
        return new Report("restored", id.value(), source.createdAt(), outcome.safetyBackup().id(),
                outcome.verification(), Math.round(seconds * 1000) / 1000.0, steps, null);
    }

    /** The one restore procedure, whatever the source: staged and checked before writes are held. */
    private RestoreProcedure.Outcome run(RestoreSource source, String trigger, List<String> steps) {
        BackupId id = new BackupId(source.point().id());
        try (BackupLock lock = backups.lock("restore-" + id, trigger)) {
            return new RestoreProcedure(environment(trigger), backups.store(), hooks.stream().toList())
                    .run(source, (step, detail) -> steps.add(detail));
        } catch (RestoreFailure e) {
            throw failed(id, e);
        } catch (IOException e) {
            throw new RetryLaterException("restore failed: " + e.getMessage(), null);
        }
    }

    /** {@code at}: the state at that second, rebuilt from the archive's base snapshot and segments. */
    private Report toTime(Request request, String trigger) {
        if (request.backupId() != null || Boolean.TRUE.equals(request.latest())) {
            throw new InvalidInputException("backup_id", "give exactly one of backup_id, latest=true or at");
        }
        Instant at = null;
        if (!"latest".equals(request.at())) {
            try {
                at = Instant.parse(request.at());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("at",
                        "must be an RFC 3339 UTC time such as 2026-11-29T02:00:00Z, or latest");
            }
        }
        PointInTimeSource.Prepared prepared = pointsInTime.get().prepare(at);
        PointInTimeSource.Plan plan = prepared.plan();
        RestorePoint point = prepared.source().point();
        String summary = "chain " + plan.chain() + ": base snapshot " + plan.baseBackupId() + " (taken "
                + plan.baseTakenAt() + ") plus " + plan.transactions() + " transaction(s) from " + plan.segments()
                + " segment file(s); the restored state is the commit of "
                + (plan.reachedCommitAt() == null ? plan.baseTakenAt() + " (the base itself)" : plan.reachedCommitAt());
        if (Boolean.TRUE.equals(request.dryRun())) {
            Verification verification = prepared.dryRunCheck().get();
            List<String> steps = new ArrayList<>();
            steps.add("would rebuild " + request.at() + " from " + summary);
            steps.add(verification.passed()
                    ? "checked: " + verification.detail()
                    : "would refuse: " + verification.detail());
            steps.add("would hold writes, take a safety backup, swap the rebuilt database in, check, migrate, "
                    + "flush caches, release writes; archiving then starts a new chain");
            audit.fire(AuditEvent.success("backup.restore_dry_run", point.id(), "at " + request.at() + ": "
                    + verification.status()));
            LOG.infof("restore.dry_run at=%s chain=%s transactions=%d reached=%s verification=%s", request.at(),
                    plan.chain(), plan.transactions(), plan.reachedCommitAt(), verification.status());
            return new Report("dry_run", point.id(), plan.baseTakenAt(), null, verification, 0, steps, plan);
        }
        long started = System.nanoTime();
        List<String> steps = new ArrayList<>();
        steps.add("plan: " + summary);
        RestoreProcedure.Outcome outcome = run(prepared.source(), trigger, steps);
        steps.add(maintenance.state().active()
                ? "writes stay held: an operator's maintenance is still on"
                : "maintenance off: held writes applied in order");
        double seconds = (System.nanoTime() - started) / 1e9;
        metrics.restore("success");
        LOG.infof("restore.completed at=%s chain=%s reached=%s safety_backup=%s trigger=%s duration_seconds=%.3f",
                request.at(), plan.chain(), plan.reachedCommitAt(), outcome.safetyBackup().id(), trigger, seconds);
        audit.fire(AuditEvent.success("backup.restore", point.id(), "point in time " + request.at()
                + ", safety backup " + outcome.safetyBackup().id()));
        return new Report("restored", point.id(), plan.baseTakenAt(), outcome.safetyBackup().id(),
                outcome.verification(), Math.round(seconds * 1000) / 1000.0, steps, plan);
    }

    /** The service's side of a restore: maintenance hold, pool drain, migrations, cache flush, recorded checks. */
    private RestoreEnvironment environment(String trigger) {
        return new RestoreEnvironment() {
            @Override
            public Path databaseFile() {
                return storage.databaseFile();
            }

            @Override
            public WriteHold holdWrites(String reason) {
                return maintenance.hold(reason)::close;
            }

            @Override
            public BackupMetadata safetyBackup() {
                return backups.safetyBackup(trigger);
            }

            @Override
            public void withDatabaseClosed(String operation, ClosedWork work) {
                database.exclusive(operation, ignored -> {
                    try {
                        work.run();
                    } catch (SQLException | RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new SQLException(e.getMessage(), e);
                    }
                    return null;
                });
            }

            @Override
            public void migrate(Path databaseFile) {
                flyway.migrate();
            }

            @Override
            public void replaced(String reason) {
                RestoreService.this.replaced.fire(new CacheFlush(reason));
            }

            @Override
            public Verification recorded(RestorePoint point, Verification verification) {
                return backups.record(new BackupId(point.id()), verification);
            }
        };
    }

    /** Counts, logs and audits a restore that did not complete, and says so to the client. */
    private RuntimeException failed(BackupId id, RestoreFailure e) {
        String safety = e.safetyBackup() == null ? null : e.safetyBackup().id();
        switch (e.outcome()) {
            case REFUSED -> {
                metrics.restore("refused");
                LOG.warnf("restore.refused id=%s reason=%s", id, e.getMessage());
                audit.fire(AuditEvent.failure("backup.restore", id.value(), "refused: " + e.getMessage()));
                return new ConflictException(e.getMessage());
            }
            case NOT_STARTED -> {
                metrics.restore("not_started");
                LOG.warnf("restore.not_started id=%s reason=%s", id, e.getMessage());
                audit.fire(AuditEvent.failure("backup.restore", id.value(), "not started: " + e.getMessage()));
                return new RetryLaterException(e.getMessage(), Duration.ofSeconds(5));
            }
            case ROLLED_BACK -> {
                metrics.restore("rolled_back");
                LOG.errorf("restore.rolled_back id=%s safety_backup=%s error=%s", id, safety, e.getMessage());
                audit.fire(AuditEvent.failure("backup.restore", id.value(), "rolled back to " + safety + ": "
                        + e.getMessage()));
                return new RetryLaterException(e.getMessage(), Duration.ofSeconds(5));
            }
            default -> {
                metrics.restore("failed");
                LOG.errorf("restore.rollback_failed id=%s safety_backup=%s error=%s", id, safety, e.getMessage());
                audit.fire(AuditEvent.failure("backup.restore", id.value(), "rollback failed: " + e.getMessage()));
                return new BrokenStateException(e.getMessage());
            }
        }
    }

    private Report dryRun(BackupMetadata source) {
        BackupId id = source.backupId();
        Verification verification = backups.verify(id);
        List<String> steps = new ArrayList<>();
        steps.add("would turn maintenance on (writes held, reads served)");
        steps.add("would take a safety backup of " + storage.databaseFile() + " ("
                + size(storage.databaseFile()) + " bytes)");
        steps.add(verification.passed()
                ? "verified " + id + ": " + verification.detail()
                : "would refuse: " + id + " failed verification: " + verification.detail());
        if (verification.passed()) {
            steps.add("would replace the database with " + id + " (schema " + source.schemaVersion() + ", rows "
                    + source.rowCounts() + "), reopen, check integrity, migrate, flush caches");
            steps.add("would turn maintenance off and apply held writes in order");
        }
        audit.fire(AuditEvent.success("backup.restore_dry_run", id.value(), verification.status()));
        LOG.infof("restore.dry_run id=%s verification=%s", id, verification.status());
        return new Report("dry_run", id.value(), source.createdAt(), null, verification, 0, steps, null);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
