package dev.bri.backup;

import dev.bri.domain.ConflictException;
import dev.bri.domain.NotFoundException;
import dev.bri.domain.RetryLaterException;
import dev.bri.observability.AuditEvent;
import dev.bri.storage.Database;
import dev.bri.storage.StorageConfig;
import dev.bri.storage.StorageException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Backups of the live database: create (one at a time across every trigger), list, verify, delete, retention.
 * Every action is a log event, an audit record and a metric.
 */
@ApplicationScoped
public class BackupService {

    private static final Logger LOG = Logger.getLogger(BackupService.class);

    /** Result of {@code POST /admin/backups}: the backup (with its verification) and what retention removed. */
    public record Created(BackupMetadata backup, List<String> deleted) {
    }

    private final BackupConfig config;
    private final StorageConfig storage;
    private final Database database;
    private final BackupMetrics metrics;
    private final Event<AuditEvent> audit;
    private final String appVersion;
    private final BackupStore store;
    private final BackupEngine engine = new BackupEngine();
    private final BackupVerifier verifier = new BackupVerifier();

    public BackupService(BackupConfig config, StorageConfig storage, Database database, BackupMetrics metrics,
            Event<AuditEvent> audit, dev.bri.encryption.EncryptionConfig encryption,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String appVersion) {
        this.config = config;
        this.storage = storage;
        this.database = database;
        this.metrics = metrics;
        this.audit = audit;
        this.appVersion = appVersion;
        this.store = new BackupStore(config.dir(), LocalEncryption.of(encryption));
    }

    void onStart(@Observes StartupEvent event) {
        if (store.encryption().encrypts()) {
            LOG.infof("backup.local_encryption format=%s recipients=%d scope=snapshots archive=plaintext",
                    LocalEncryption.FORMAT, store.encryption().recipients().size());
        }
        try {
            metrics.stored(store.list());
        } catch (RuntimeException e) {
            LOG.warnf("backup.directory_unreadable dir=%s error=%s", store.dir(), e.getMessage());
        }
    }

    public BackupStore store() {
        return store;
    }

    /** Takes a backup; optionally verifies it and applies retention, all under the one-at-a-time lock. */
    public Created create(String trigger, boolean verify, boolean cleanup) {
        BackupId id = BackupId.next(BackupKind.BACKUP, Instant.now());
        try (BackupLock lock = lock(id.value(), trigger)) {
            BackupMetadata backup = createLocked(id, trigger);
            if (verify) {
                backup = backup.withVerification(verify(id));
            }
            List<String> deleted = cleanup ? cleanupLocked() : List.of();
            return new Created(backup, deleted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes the safety backup of a restore; the caller holds the lock. */
    BackupMetadata safetyBackup(String trigger) {
        return createLocked(BackupId.next(BackupKind.SAFETY, Instant.now()), trigger);
    }

    BackupLock lock(String id, String trigger) {
        try {
            return BackupLock.acquire(store, id);
        } catch (BackupBusyException e) {
            metrics.busy(trigger);
            LOG.warnf("backup.refused reason=busy running=%s trigger=%s", e.runningId(), trigger);
            audit.fire(AuditEvent.failure("backup.create", id, "busy: " + e.runningId()));
            throw new ConflictException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BackupMetadata createLocked(BackupId id, String trigger) {
        try {
            int stale = store.cleanupTemporaries();
            if (stale > 0) {
                LOG.infof("backup.temporaries_removed count=%d", stale);
            }
            BackupMetadata backup = engine.create(work -> database.read("backup", work), storage.databaseFile(),
                    store, id, trigger, new BackupEngine.Options(config.gzip(), config.gzipLevel(), appVersion));
            metrics.succeeded(backup, trigger);
            metrics.stored(store.list());
            LOG.infof("backup.created id=%s kind=%s trigger=%s database_bytes=%d backup_bytes=%d compression=%s "
                    + "duration_seconds=%.3f rows=%s", backup.id(), backup.kind(), trigger, backup.databaseBytes(),
                    backup.backupBytes(), backup.compression(), backup.durationSeconds(), backup.rowCounts());
            audit.fire(AuditEvent.success("backup.create", backup.id(), "trigger=" + trigger + " bytes="
                    + backup.backupBytes()));
            return backup;
        } catch (IOException | SQLException | StorageException | UncheckedIOException e) {
            metrics.failed(trigger);
            LOG.errorf("backup.failed id=%s trigger=%s error=%s", id, trigger, e.getMessage());
            audit.fire(AuditEvent.failure("backup.create", id.value(), e.getMessage()));
            throw new RetryLaterException("backup " + id + " failed: " + e.getMessage(),
                    java.time.Duration.ofSeconds(60));
        }
    }

    public List<BackupMetadata> list() {
        return store.list();
    }

    public List<Verification> problems() {
        return store.problems();
    }

    public Optional<BackupMetadata> find(BackupId id) {
        try {
            return store.read(id);
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Verifies one backup and records the result in its metadata. */
    public Verification verify(BackupId id) {
        return record(id, verifier.verify(store, id));
    }

    /** Records a verification result (metadata, metric, log, audit) and returns it. */
    Verification record(BackupId id, Verification v) {
        try {
            store.recordVerification(id, v);
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("backup.verification_not_recorded id=%s error=%s", id, e.getMessage());
        }
        metrics.verified(v);
        if (v.passed()) {
            LOG.infof("backup.verified id=%s result=passed detail=%s", id, v.detail());
            audit.fire(AuditEvent.success("backup.verify", id.value(), v.detail()));
        } else {
            LOG.warnf("backup.verified id=%s result=failed detail=%s", id, v.detail());
            audit.fire(AuditEvent.failure("backup.verify", id.value(), v.detail()));
        }
        return v;
    }

    /** Every committed backup, plus every file that looks like a backup but is not one (reported failed). */
    public List<Verification> verifyAll() {
        List<Verification> results = new ArrayList<>();
        for (BackupMetadata b : store.list()) {
            results.add(verify(b.backupId()));
        }
        for (Verification problem : store.problems()) {
            metrics.verified(problem);
            LOG.warnf("backup.verified id=%s result=failed detail=%s", problem.id(), problem.detail());
            audit.fire(AuditEvent.failure("backup.verify", problem.id(), problem.detail()));
            results.add(problem);
        }
        return results;
    }

    /** Applies retention now (takes the lock). */
    public List<String> cleanup() {
        try (BackupLock lock = lock("cleanup-" + Instant.now().toEpochMilli(), "api")) {
            return cleanupLocked();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> cleanupLocked() {
        List<String> deleted = new ArrayList<>();
        for (Retention.Decision d : Retention.plan(store.list(), config.policy(), Instant.now())) {
            if (!d.keep()) {
                remove(d.backup().backupId(), "retention: " + d.reason());
                deleted.add(d.backup().id());
            }
        }
        metrics.stored(store.list());
        return deleted;
    }

    /** Deletes one backup on request; the newest verified backup only with {@code force}. */
    public void delete(BackupId id, boolean force) {
        BackupMetadata meta = find(id).orElse(null);
        boolean orphan = meta == null && store.problems().stream().anyMatch(p -> p.id().equals(id.value()));
        if (meta == null && !orphan) {
            throw new NotFoundException("backup " + id);
        }
        try (BackupLock lock = lock("delete-" + id, "api")) {
            if (meta != null && !force && meta.regular() && meta.verified()
                    && store.list().stream().filter(b -> b.regular() && b.verified()).findFirst()
                            .map(b -> b.id().equals(meta.id())).orElse(false)) {
                throw new ConflictException(
                        "backup " + id + " is the newest verified backup; delete it with force=true");
            }
            remove(id, "requested");
            metrics.stored(store.list());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void remove(BackupId id, String why) {
        try {
            store.delete(id);
            LOG.infof("backup.deleted id=%s reason=%s", id, why);
            audit.fire(AuditEvent.success("backup.delete", id.value(), why));
        } catch (IOException e) {
            LOG.errorf("backup.delete_failed id=%s error=%s", id, e.getMessage());
            audit.fire(AuditEvent.failure("backup.delete", id.value(), e.getMessage()));
            throw new UncheckedIOException(e);
        }
    }
}
