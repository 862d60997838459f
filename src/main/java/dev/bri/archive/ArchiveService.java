package dev.bri.archive;

import dev.bri.backup.BackupConfig;
import dev.bri.storage.Database;
import dev.bri.storage.DatabaseListener;
import dev.bri.storage.Engine;
import dev.bri.storage.SqliteOnly;
import dev.bri.storage.StorageConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The archiver inside the service: opened before migrations (so no connection's close can checkpoint frames away),
 * told of every commit by {@link Database}, ticked every {@code bri.backup.archive.interval}, suspended while the
 * database file is replaced (a restore), after which it starts a new chain.
 */
@ApplicationScoped
public class ArchiveService implements DatabaseListener {

    private static final Logger LOG = Logger.getLogger(ArchiveService.class);

    private final ArchiveConfig config;
    /** Held by a maintenance pass and by a restore drill, so the two never overlap (not reentrant on purpose). */
    private final java.util.concurrent.Semaphore upkeep = new java.util.concurrent.Semaphore(1);
    private final ArchiveStore store;
    private final WalArchiver archiver;
    private final StorageConfig storage;
    private final BackupConfig backup;
    /** WAL archiving is SQLite's; on PostgreSQL the server archives its own WAL (CloudNativePG) and this is inert. */
    private final boolean sqlite;

    public ArchiveService(ArchiveConfig config, BackupConfig backup, StorageConfig storage, Database database,
            ArchiveMetrics metrics,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String appVersion) {
        this.config = config;
        this.storage = storage;
        this.backup = backup;
        this.store = new ArchiveStore(backup.dir());
        this.sqlite = storage.storage().engine() == Engine.SQLITE;
        boolean enabled = config.enabled() && sqlite;
        Clock clock = Clock.systemUTC();
        this.archiver = new WalArchiver(storage.databaseFile(), store, clock, database::withWritesPaused,
                new Events(metrics), new WalArchiver.Options(enabled, config.heartbeat(),
                        config.checkpointPages(), config.maxWalSize().asLongValue(), config.chainInterval(),
                        config.retryDelay(), backup.gzip(), backup.gzipLevel(), appVersion));
        metrics.bind(archiver::status, clock, enabled, config.maxWalSize().asLongValue());
    }

    /** Before {@code StorageInitializer} (priority 10) runs the migrations. */
    void onStart(@Observes @Priority(5) StartupEvent event) {
        if (!sqlite) {
            LOG.infof("archive.off engine=%s reason=\"the database archives its own WAL\"",
                    storage.storage().engine().key());
            return;
        }
        try {
            archiver.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open " + storage.databaseFile() + " for archiving: "
                    + e.getMessage(), e);
        }
        WalArchiver.Status s = archiver.status();
        LOG.infof("archive.opened state=%s chain=%s reason=%s archive_dir=%s interval=%s", s.state(), s.chain(),
                s.reason(), store.root(), config.interval());
    }

    void onStop(@Observes ShutdownEvent event) {
        archiver.close();
    }

    @Scheduled(every = "${bri.backup.archive.interval:1s}", delay = 1, delayUnit = java.util.concurrent.TimeUnit.SECONDS, concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = SqliteOnly.class)
    void tick() {
        archiver.tick();
    }

    /**
     * Retention (chains the {@code bri.backup.archive.window} no longer needs) and compaction (per minute, then per
     * hour) once a minute, off the writer lock: sealed files never change, and the active chain only gains new ones.
     */
    @Scheduled(every = "1m", delay = 1, delayUnit = java.util.concurrent.TimeUnit.MINUTES, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void maintain() {
        maintainNow();
    }

    /** One maintenance pass; false when it did not run (archiving off, or a restore drill is reading the archive). */
    boolean maintainNow() {
        if (!config.enabled() || !upkeep.tryAcquire()) {
            return false;
        }
        try {
            WalArchiver.Status s = archiver.status();
            ArchiveMaintenance.Result r = new ArchiveMaintenance(store).run(Clock.systemUTC().instant(),
                    config.window(), "starting".equals(s.state()) ? s.chain() : null);
            if (!r.deletedChains().isEmpty() || r.mergedFiles() > 0) {
                LOG.infof("archive.maintained deleted_chains=%s merged_files=%d removed_segments=%d",
                        r.deletedChains(), r.mergedFiles(), r.removedSegments());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("archive.maintenance_failed error=%s", e.getMessage());
        } finally {
            upkeep.release();
        }
        return true;
    }

    /**
     * Runs {@code work} while no maintenance pass runs: the restore drill lists a chain's segments and then reads them,
     * and compaction deleting merged sources in between would fail it for nothing (and end a sound chain). The pass
     * that falls in that time is skipped; the next minute's runs.
     */
    <T> T withoutMaintenance(java.util.function.Supplier<T> work) {
        upkeep.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            upkeep.release();
        }
    }

    @Override
    public void committed() {
        archiver.committed();
    }

    @Override
    public void beforeExclusive(String operation) {
        archiver.suspend(operation);
    }

    @Override
    public void afterExclusive(String operation) {
        archiver.resumeAfterReplace();
    }

    /** False on PostgreSQL, where archiving is the database's own and this service is inert. */
    public boolean sqlite() {
        return sqlite;
    }

    public WalArchiver.Status status() {
        return archiver.status();
    }

    public ArchiveStore store() {
        return store;
    }

    public ArchiveConfig config() {
        return config;
    }

    /** The archiver itself: the restore drill seals and pins the live database's state through it. */
    WalArchiver archiver() {
        return archiver;
    }

    public PointInTime pointInTime() {
        return new PointInTime(store, new dev.bri.backup.BackupStore(backup.dir()));
    }

    /** Log events and metrics for what the archiver does. */
    private static final class Events implements WalArchiver.Events {
        private final ArchiveMetrics metrics;

        Events(ArchiveMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public void sealed(SegmentFooter footer, long bytes) {
            metrics.sealed(bytes);
            LOG.debugf("archive.segment_sealed chain=%s seq=%d transactions=%d frames=%d bytes=%d", footer.chain(),
                    footer.lastSeq(), footer.transactions(), footer.frames(), bytes);
        }

        @Override
        public void chainStarted(ChainManifest chain) {
            metrics.chainStarted(chain.reason());
            LOG.infof("archive.chain_started chain=%s base=%s reason=%s started_at=%s wal=%s", chain.id(),
                    chain.baseBackupId(), chain.reason(), chain.startedAt(), chain.start());
        }

        @Override
        public void stopped(String code, String reason) {
            metrics.stopped(code);
            if ("first_start".equals(code) || "restore".equals(code)) {
                LOG.infof("archive.chain_ended reason=%s detail=%s", code, reason);
            } else {
                LOG.errorf("archive.stopped reason=%s detail=%s", code, reason);
            }
        }

        @Override
        public void checkpointed(String mode, boolean complete, long walBytesBefore) {
            metrics.checkpointed(mode, complete);
            if ("truncate".equals(mode)) {
                LOG.warnf("archive.wal_capped mode=truncate complete=%s wal_bytes=%d", complete, walBytesBefore);
            }
        }
    }
}
