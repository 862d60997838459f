package dev.bri.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Work that must run on one replica at a time (retention; any job that writes shared state on a schedule). On
 * PostgreSQL, where several replicas share one database, a job runs only while this process holds the job's
 * session-level advisory lock ({@code pg_try_advisory_lock}) on a connection of its own: a replica that finds it held
 * skips the run rather than waiting, and the server releases the lock if the holder dies (its connection ends). On
 * SQLite one process owns the database ({@code bri.lock}), so every run is granted.
 *
 * <p>A lock alone keeps runs apart, not to one per period: replicas whose schedules fire at different moments would
 * each run in turn. {@link #oncePerPeriod} adds the period: under the lock, the replica claims the period in the
 * {@code job_runs} table (one conditional upsert); a replica that finds it claimed skips.
 *
 * <p>Locks are keyed by the pair ({@link #LOCK_SPACE}, the job name's {@code String.hashCode}), PostgreSQL's two-int
 * key space, apart from the single-bigint key of the write lock ({@code PostgresDialect.WRITE_LOCK_KEY}).
 */
@ApplicationScoped
public class Coordination {

    private static final Logger LOG = Logger.getLogger(Coordination.class);

    /** First half of every job lock's key: "bri!" in ASCII. */
    public static final int LOCK_SPACE = 0x62726921;

    private final StorageEngine engine;
    private final MeterRegistry registry;

    public Coordination(StorageEngine engine, MeterRegistry registry) {
        this.engine = engine;
        this.registry = registry;
    }

    /** Second half of the lock key of {@code job}. */
    public static int lockKey(String job) {
        return job.hashCode();
    }

    /**
     * Runs {@code work} if no other replica is running {@code job} now, holding the job's lock until it returns;
     * {@code work} must not return null; empty when another replica holds it (counted in {@code bri_coordination_skipped_total{job}}).
     *
     * @throws StorageException the database cannot be reached to take the lock (nothing ran)
     */
    public <T> Optional<T> once(String job, Supplier<T> work) {
        return run(job, null, work);
    }

    /**
     * Runs {@code work} if no other replica is running {@code job} now and no replica has run it in the period of
     * length {@code period} that {@code now} falls in (periods counted from the Unix epoch, so every replica agrees on
     * them); for scheduled jobs, which fire on every replica. Empty when skipped, for either reason (counted in
     * {@code bri_coordination_skipped_total{job,reason}}).
     *
     * @throws StorageException the database cannot be reached to take the lock or claim the period (nothing ran)
     */
    public <T> Optional<T> oncePerPeriod(String job, Duration period, Instant now, Supplier<T> work) {
        if (period.toMillis() <= 0) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return run(job, new Claim(period, now), work);
    }

    /** The period number of {@code now}: whole periods since the epoch. */
    public static long periodOf(Duration period, Instant now) {
        return Math.floorDiv(now.toEpochMilli(), period.toMillis());
    }

    private record Claim(Duration period, Instant now) {
    }

    private <T> Optional<T> run(String job, Claim claim, Supplier<T> work) {
        if (engine.isSqlite()) {
            return Optional.of(work.get());
        }
        try (Connection c = engine.dataSource().getConnection()) {
            if (!call(c, "SELECT pg_try_advisory_lock(?, ?)", job)) {
                skipped(job, "held-by-another-replica");
                return Optional.empty();
            }
            try {
                if (claim != null) {
                    long period = periodOf(claim.period(), claim.now());
                    if (!claim(c, job, period, claim.now())) {
                        skipped(job, "ran-this-period");
                        return Optional.empty();
                    }
                    LOG.infof("coordination.claimed job=%s period=%d period_seconds=%d", job, period,
                            claim.period().toSeconds());
                }
                return Optional.of(work.get());
            } finally {
                try {
                    call(c, "SELECT pg_advisory_unlock(?, ?)", job);
                } catch (SQLException e) {
                    // the connection is gone, and with it the lock: nothing to release
                    LOG.warnf("coordination.unlock_failed job=%s error=%s", job, e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot take the lock of job " + job + ": " + e.getMessage(), e);
        }
    }

    private void skipped(String job, String reason) {
        Counter.builder("bri.coordination.skipped").tag("job", job).tag("reason", reason)
                .description("Runs of a job not started because another replica was running it "
                        + "(held-by-another-replica) or had run it in this period (ran-this-period)")
                .register(registry).increment();
        LOG.infof("coordination.skipped job=%s reason=%s", job, reason);
    }

    /** Claims {@code period} for {@code job} unless it (or a later one) is claimed already; autocommit. */
    private static boolean claim(Connection c, String job, long period, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO job_runs (job, period, started_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (job) DO UPDATE SET period = excluded.period, started_at = excluded.started_at "
                + "WHERE job_runs.period < excluded.period")) {
            s.setString(1, job);
            s.setLong(2, period);
            s.setString(3, Timestamps.format(now));
            boolean claimed = s.executeUpdate() == 1;
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return claimed;
        }
    }

    private static boolean call(Connection c, String sql, String job) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, LOCK_SPACE);
            s.setInt(2, lockKey(job));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
