package dev.bri.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
        if (engine.isSqlite()) {
            return Optional.of(work.get());
        }
        try (Connection c = engine.dataSource().getConnection()) {
            if (!call(c, "SELECT pg_try_advisory_lock(?, ?)", job)) {
                Counter.builder("bri.coordination.skipped").tag("job", job)
                        .description("Runs of a job not started because another replica was running it")
                        .register(registry).increment();
                LOG.infof("coordination.skipped job=%s reason=held-by-another-replica", job);
                return Optional.empty();
            }
            try {
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
