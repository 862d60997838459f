package dev.bri.storage;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.bri.domain.ConflictException;
import dev.bri.io.CheckHistory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * {@code PRAGMA quick_check(N)} of the live SQLite database on a pooled read connection, daily off-peak
 * ({@code bri.storage.quick-check.cron}) and on demand ({@code POST /admin/storage/quick-check}). It runs in one read
 * transaction (writers go on: WAL mode) under the read deadline {@code bri.storage.quick-check.timeout}, so it never
 * runs unbounded. Reports {@code bri_storage_quick_check_runs_total{result}} (ok, failed: problems found, incomplete:
 * deadline or error), {@code bri_storage_quick_check_last_success_timestamp_seconds},
 * {@code bri_storage_quick_check_last_failure_timestamp_seconds}, {@code bri_storage_quick_check_duration_seconds} and a
 * {@code storage.quick_check_*} log event; the last result and times are kept across restarts in
 * {@code <data-dir>/.quick-check-history.json}. On PostgreSQL it does nothing (the server checksums its own pages).
 */
// created at start-up so its series are exported (at 0) before the first check: the alert compares them
@Startup
@ApplicationScoped
public class QuickCheck {

    private static final Logger LOG = Logger.getLogger(QuickCheck.class);
    static final String HISTORY = ".quick-check-history.json";
    static final String OK = "ok";
    static final String FAILED = "failed";
    static final String INCOMPLETE = "incomplete";
    static final String SKIPPED = "skipped";

    /** One check: {@code problems} as SQLite reports them (at most {@code max-errors}). */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(String result, String detail, List<String> problems, String startedAt,
            double durationSeconds) {
    }

    private final QuickCheckConfig config;
    private final Database database;
    private final StorageEngine engine;
    private final MeterRegistry registry;
    private final ReentrantLock running = new ReentrantLock();
    private final CheckHistory<Result> history;
    private final AtomicLong lastDurationMillis = new AtomicLong();

    public QuickCheck(QuickCheckConfig config, StorageConfig storage, Database database, StorageEngine engine,
            MeterRegistry registry) {
        this.config = config;
        this.database = database;
        this.engine = engine;
        this.registry = registry;
        this.history = new CheckHistory<>(storage.dataDir().resolve(HISTORY), Result.class);
        Gauge.builder("bri.storage.quick.check.enabled", this, q -> q.scheduled() ? 1 : 0)
                .description("1 when the scheduled quick_check runs (bri.storage.quick-check.enabled, SQLite)")
                .register(registry);
        Gauge.builder("bri.storage.quick.check.last.success.timestamp", history, CheckHistory::lastSuccessEpochSeconds)
                .baseUnit("seconds")
                .description("When quick_check last found no problem (Unix time; 0: never)")
                .register(registry);
        Gauge.builder("bri.storage.quick.check.last.failure.timestamp", history, CheckHistory::lastFailureEpochSeconds)
                .baseUnit("seconds").description("When quick_check last found problems (Unix time; 0: never)")
                .register(registry);
        Gauge.builder("bri.storage.quick.check.duration", lastDurationMillis, m -> m.get() / 1000.0)
                .baseUnit("seconds").description("How long the last quick_check ran").register(registry);
        for (String result : List.of(OK, FAILED, INCOMPLETE)) {
            runs(result);
        }
    }

    private Counter runs(String result) {
        return Counter.builder("bri.storage.quick.check.runs").tag("result", result)
                .description("quick_check runs of the live database by result (ok, failed, incomplete)")
                .register(registry);
    }

    public boolean scheduled() {
        return config.enabled() && engine.isSqlite();
    }

    public QuickCheckConfig config() {
        return config;
    }

    @Scheduled(identity = "bri-quick-check", cron = "{bri.storage.quick-check.cron}", timeZone = "UTC", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = SqliteOnly.class)
    void onSchedule() {
        if (!config.enabled()) {
            return;
        }
        try {
            run("schedule");
        } catch (ConflictException e) {
            LOG.debugf("scheduled quick_check skipped: %s", e.getMessage());
        }
    }

    /**
     * Checks the live database now.
     *
     * @throws ConflictException a check is running
     */
    public Result run(String trigger) {
        Instant started = Instant.now();
        if (!engine.isSqlite()) {
            return new Result(SKIPPED, "not used on PostgreSQL: the server checks its own pages", List.of(),
                    started.toString(), 0);
        }
        if (!running.tryLock()) {
            throw new ConflictException("a quick_check is running; try again when it ends");
        }
        try {
            long t0 = System.nanoTime();
            Result r;
            try {
                List<String> lines = database.read("quick_check", config.timeout(), c -> {
                    List<String> out = new ArrayList<>();
                    try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("PRAGMA quick_check(" + Math.max(1, config.maxErrors())
                                    + ")")) {
                        while (rs.next()) {
                            out.add(rs.getString(1));
                        }
                    }
                    return out;
                });
                r = lines.equals(List.of("ok"))
                        ? new Result(OK, "no problem found", List.of(), started.toString(), seconds(t0))
                        : new Result(FAILED, lines.size() + " problem(s) found", lines, started.toString(),
                                seconds(t0));
            } catch (ReadTimeoutException e) {
                r = new Result(INCOMPLETE, "stopped at its deadline of " + config.timeout()
                        + " (bri.storage.quick-check.timeout)", List.of(), started.toString(), seconds(t0));
            } catch (StorageException e) {
                r = new Result(INCOMPLETE, "could not run: " + e.getMessage()
                        + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"), List.of(),
                        started.toString(), seconds(t0));
            }
            record(r, trigger);
            return r;
        } finally {
            running.unlock();
        }
    }

    /** The last check, of this process or an earlier one; null when none ran. */
    public Result last() {
        return history.last();
    }

    private void record(Result r, String trigger) {
        runs(r.result()).increment();
        lastDurationMillis.set(Math.round(r.durationSeconds() * 1000));
        switch (r.result()) {
            case OK :
                history.passed(r, Instant.now());
                LOG.infof("storage.quick_check_ok trigger=%s duration_seconds=%.3f", trigger, r.durationSeconds());
                break;
            case FAILED :
                history.failed(r, Instant.now());
                LOG.errorf("storage.quick_check_failed trigger=%s problems=%d first=\"%s\" duration_seconds=%.3f",
                        trigger, r.problems().size(), r.problems().get(0), r.durationSeconds());
                break;
            default :
                history.neither(r);
                LOG.warnf("storage.quick_check_incomplete trigger=%s detail=\"%s\" duration_seconds=%.3f", trigger,
                        r.detail(), r.durationSeconds());
        }
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
    }
}
