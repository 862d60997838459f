package dev.bri.offsite;

import dev.bri.archive.ArchiveConfig;
import dev.bri.backup.BackupConfig;
import dev.bri.backup.BackupStore;
import dev.bri.encryption.AgeRecipients;
import dev.bri.encryption.EncryptionConfig;
import dev.bri.storage.Engine;
import dev.bri.storage.SqliteOnly;
import dev.bri.storage.StorageConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The background replicator of the service: every {@code bri.backup.s3.interval} it runs one {@link Replicator}
 * pass on its scheduler thread (SKIP: never two at once), then bucket retention. It reads only the backup
 * directory, so neither writes nor local backups ever wait for it. A bucket without recipients is a configuration
 * error that stops the start-up: the service never uploads plaintext.
 */
@ApplicationScoped
public class OffsiteReplication {

    private static final Logger LOG = Logger.getLogger(OffsiteReplication.class);

    /** What the health component shows: the last pass and when it ran. */
    public record Status(boolean enabled, String target, Replicator.Pass lastPass, Instant lastPassAt,
            String lastError, List<String> lastDeleted) {
    }

    private final Engine engine;
    private final S3Config s3;
    private final EncryptionConfig encryption;
    private final BackupConfig backups;
    private final ArchiveConfig archive;
    private final OffsiteMetrics metrics;
    private final UploadGuard guard;
    private volatile ObjectStore store;
    private volatile Replicator replicator;
    private volatile Status status;

    public OffsiteReplication(S3Config s3, EncryptionConfig encryption, BackupConfig backups, ArchiveConfig archive,
            OffsiteMetrics metrics, UploadGuard guard, StorageConfig storage) {
        this.engine = storage.storage().engine();
        this.s3 = s3;
        this.encryption = encryption;
        this.backups = backups;
        this.archive = archive;
        this.metrics = metrics;
        this.guard = guard;
        this.status = new Status(false, null, null, null, null, List.of());
    }

    void onStart(@Observes StartupEvent event) {
        if (engine != Engine.SQLITE) {
            // The backup directory holds SQLite backups and archive segments only; PostgreSQL's base backups and WAL
            // go to object storage through the database's own tooling (CloudNativePG, barman-cloud).
            metrics.enabled(false);
            LOG.infof("offsite.disabled reason=\"engine %s: the database ships its own backups\"", engine.key());
            return;
        }
        Optional<S3Settings> settings = S3Settings.of(s3);
        metrics.enabled(settings.isPresent());
        if (settings.isEmpty()) {
            LOG.info("offsite.disabled reason=\"no bucket (bri.backup.s3.bucket)\"");
            return;
        }
        AgeRecipients recipients = AgeRecipients.parse(encryption.recipients().orElse(List.of()));
        store = new ObjectStore(settings.get());
        replicator = new Replicator(backups.dir(), store, recipients, metrics, Clock.systemUTC());
        status = new Status(true, settings.get().describe(), null, null, null, List.of());
        LOG.infof("offsite.enabled target=\"%s\" recipients=%d interval=%s skip_remote_deletion=%s",
                settings.get().describe(), recipients.size(), s3.interval(), s3.skipRemoteDeletion());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (store != null) {
            store.close();
        }
    }

    @Scheduled(identity = "bri-offsite", every = "{bri.backup.s3.interval}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = SqliteOnly.class)
    void scheduled() {
        replicateNow();
    }

    /** One pass now (the scheduler's; tests call it to avoid waiting). Returns null when replication is off. */
    public synchronized Replicator.Pass replicateNow() {
        Replicator r = replicator;
        if (r == null) {
            return null;
        }
        Replicator.Pass pass;
        try {
            pass = r.run(guard::run);
        } catch (Exception e) {
            metrics.passFailed();
            LOG.errorf("offsite.pass_failed target=\"%s\" error=%s", status.target(), e.getMessage());
            status = new Status(true, status.target(), status.lastPass(), Instant.now(), e.getMessage(),
                    status.lastDeleted());
            return null;
        }
        metrics.pass(pass);
        List<String> deleted = status.lastDeleted();
        String error = pass.lastError();
        if (pass.uploaded() > 0 || pass.failed() > 0 || pass.interrupted()) {
            LOG.infof("offsite.pass uploaded=%d bytes=%d failed=%d pending=%d interrupted=%s lag_seconds=%.0f%s",
                    pass.uploaded(), pass.bytes(), pass.failed(), pass.pending(), pass.interrupted(),
                    metrics.lagSeconds(), error == null ? "" : " error=\"" + error + "\"");
        }
        if (pass.inSync() && !s3.skipRemoteDeletion()) {
            try {
                RemoteRetention.Outcome outcome = RemoteRetention.apply(new RemoteBackups(store), store,
                        new BackupStore(backups.dir()), backups.policy(), archive.window(), Instant.now());
                deleted = outcome.deleted();
                for (String d : deleted) {
                    LOG.infof("offsite.deleted object=%s reason=retention", d);
                }
                for (String l : outcome.locked()) {
                    LOG.debugf("offsite.retention_kept object=\"%s\" reason=object_lock", l);
                }
            } catch (Exception e) {
                error = "retention: " + e.getMessage();
                LOG.warnf("offsite.retention_failed error=%s", e.getMessage());
            }
        }
        status = new Status(true, status.target(), pass, Instant.now(), error, deleted);
        return pass;
    }

    public Status status() {
        return status;
    }

    double lagSeconds() {
        return metrics.lagSeconds();
    }
}
