package dev.bri.archive;

import dev.bri.backup.BackupConfig;
import dev.bri.domain.ConflictException;
import dev.bri.io.CheckHistory;
import dev.bri.storage.Database;
import dev.bri.storage.SqliteOnly;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Runs the {@link RestoreDrill} on its schedule ({@code bri.backup.drill.cron}) and on demand
 * ({@code POST /admin/backups/drill}), one at a time, and reports it: {@code bri_backup_drill_runs_total{result}},
 * {@code bri_backup_drill_last_success_timestamp_seconds}, {@code bri_backup_drill_last_failure_timestamp_seconds},
 * {@code bri_backup_drill_duration_seconds}, {@code bri_backup_drill_enabled}, a {@code backup.drill_*} log event, and
 * the last result for the ops page, kept across restarts in {@code <backup-dir>/.drill-history.json} (a dot file: no
 * backup, never uploaded). SQLite only: on PostgreSQL the database's own tooling archives and restores.
 */
// created at start-up so its series are exported (at 0) before the first drill: the alerts compare them
@Startup
@ApplicationScoped
public class RestoreDrillService {

    private static final Logger LOG = Logger.getLogger(RestoreDrillService.class);
    static final String HISTORY = ".drill-history.json";
    static final List<String> RESULTS = List.of(RestoreDrill.Result.PASSED, RestoreDrill.Result.FAILED,
            RestoreDrill.Result.SKIPPED);

    private final ArchiveService archive;
    private final DrillConfig config;
    private final RestoreDrill drill;
    private final MeterRegistry registry;
    private final CheckHistory<RestoreDrill.Result> history;
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicLong lastDurationMillis = new AtomicLong();

    public RestoreDrillService(ArchiveService archive, DrillConfig config, BackupConfig backup, Database database,
            MeterRegistry registry) {
        this.archive = archive;
        this.config = config;
        this.registry = registry;
        this.history = new CheckHistory<>(backup.dir().resolve(HISTORY), RestoreDrill.Result.class);
        Path scratch = config.scratchDir().orElse(backup.dir().resolve(".drill")).toAbsolutePath().normalize();
        this.drill = new RestoreDrill(archive.archiver(), archive.pointInTime(), scratch, new RestoreDrill.LiveReads() {
            @Override
            public <T> T read(dev.bri.storage.SqlWork<T> work) {
                return database.read("backup_drill", work);
            }
        }, Clock.systemUTC());
        Gauge.builder("bri.backup.drill.enabled", this, s -> s.scheduled() ? 1 : 0)
                .description("1 when the scheduled restore drill runs (bri.backup.drill.enabled, archiving on, SQLite)")
                .register(registry);
        Gauge.builder("bri.backup.drill.last.success.timestamp", history, CheckHistory::lastSuccessEpochSeconds)
                .baseUnit("seconds")
                .description("When a restore drill last passed (Unix time; 0: never)").register(registry);
        Gauge.builder("bri.backup.drill.last.failure.timestamp", history, CheckHistory::lastFailureEpochSeconds)
                .baseUnit("seconds")
                .description("When a restore drill last failed (Unix time; 0: never)").register(registry);
        Gauge.builder("bri.backup.drill.duration", lastDurationMillis, m -> m.get() / 1000.0).baseUnit("seconds")
                .description("How long the last restore drill took").register(registry);
        for (String result : RESULTS) {
            runs(result);
        }
    }

    private Counter runs(String result) {
        return Counter.builder("bri.backup.drill.runs").tag("result", result)
                .description("Restore drills by result (passed, failed, skipped: no chain being archived)")
                .register(registry);
    }

    /** Whether the schedule runs drills: enabled, archiving on, and the engine is SQLite. */
    public boolean scheduled() {
        return config.enabled() && archive.sqlite() && archive.config().enabled();
    }

    @Scheduled(identity = "bri-backup-drill", cron = "{bri.backup.drill.cron}", timeZone = "UTC", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = SqliteOnly.class)
    void onSchedule() {
        if (!scheduled()) {
            return;
        }
        try {
            run("schedule");
        } catch (ConflictException e) {
            LOG.debugf("scheduled restore drill skipped: %s", e.getMessage());
        }
    }

    /**
     * Runs a drill now.
     *
     * @throws ConflictException a drill is running
     */
    public RestoreDrill.Result run(String trigger) {
        if (!running.tryLock()) {
            throw new ConflictException("a restore drill is running; try again when it ends");
        }
        try {
            RestoreDrill.Result r = archive.config().enabled()
                    ? archive.withoutMaintenance(drill::run)
                    : new RestoreDrill.Result(RestoreDrill.Result.SKIPPED, null,
                            "WAL archiving is off (bri.backup.archive.enabled=false): there is no archive to drill",
                            Instant.now().toString(), 0, null, null, null, null, null, null, null, List.of());
            record(r, trigger);
            if (RestoreDrill.Result.FAILED.equals(r.result()) && r.chain() != null) {
                // a chain that does not restore is no recovery point: a new one (fresh base) restores at once
                archive.archiver().endChain(r.chain(), "drill_failed", "the restore drill failed at " + r.stage()
                        + ": " + r.detail());
            }
            return r;
        } finally {
            running.unlock();
        }
    }

    /** The last drill, of this process or (kept in the backup directory) of an earlier one; null when none ran. */
    public RestoreDrill.Result last() {
        return history.last();
    }

    private void record(RestoreDrill.Result r, String trigger) {
        runs(r.result()).increment();
        lastDurationMillis.set(Math.round(r.durationSeconds() * 1000));
        switch (r.result()) {
            case RestoreDrill.Result.PASSED :
                history.passed(r, Instant.now());
                LOG.infof("backup.drill_passed trigger=%s chain=%s through_tx=%d segments=%d transactions=%d "
                        + "reached_commit_at=%s tables=%d duration_seconds=%.3f", trigger, r.chain(), r.throughTx(),
                        r.segments(), r.transactions(), r.reachedCommitAt(), r.rowCounts().size(),
                        r.durationSeconds());
                break;
            case RestoreDrill.Result.FAILED :
                history.failed(r, Instant.now());
                LOG.errorf("backup.drill_failed trigger=%s stage=%s chain=%s through_tx=%s detail=\"%s\" "
                        + "duration_seconds=%.3f", trigger, r.stage(), r.chain(), r.throughTx(), r.detail(),
                        r.durationSeconds());
                break;
            default :
                history.neither(r);
                LOG.warnf("backup.drill_skipped trigger=%s detail=\"%s\"", trigger, r.detail());
        }
    }
}
