package dev.bri.storage;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jboss.logging.Logger;

/**
 * The only way into the database (SQLite or PostgreSQL, {@link StorageEngine}). Reads run in parallel on pooled
 * connections, each in one snapshot; writes are serialized through one fair lock so no client ever sees SQLITE_BUSY
 * (on PostgreSQL also across replicas, {@link Dialect#beginWrite}); {@link #exclusive} stops both for work that
 * replaces the SQLite file.
 */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class);

    private final AgroalDataSource dataSource;
    private final Dialect dialect;
    private final DbMetrics metrics;
    private final long waitMillis;
    private final ReentrantLock writer = new ReentrantLock(true);
    /** Shared by every read and write; held exclusively while the database file is swapped. */
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock(true);
    private final Instance<WriteGate> gates;
    private final Instance<DatabaseListener> listeners;
    private volatile boolean open;
    /**
     * Writes finished since start, and when the last one did: background upkeep waits for quiet moments. The health
     * probe's write is not counted: the health reporter runs it every 15 s (bri.resilience.health-interval), and counting it kept
     * the full-text index merge (which waits for {@code bri.context.search-index.merge-idle} without writes) from
     * ever running.
     */
    private final AtomicLong writes = new AtomicLong();
    private volatile long lastWriteNanos = System.nanoTime();

    public Database(StorageEngine engine, DbMetrics metrics, StorageConfig config, Instance<WriteGate> gates,
            Instance<DatabaseListener> listeners) {
        this.dataSource = engine.dataSource();
        this.dialect = engine.dialect();
        this.metrics = metrics;
        this.waitMillis = config.storage().writeWait().toMillis();
        this.gates = gates;
        this.listeners = listeners;
    }

    /** Called once migrations have run; until then every operation is refused as unavailable. */
    void markOpen() {
        open = true;
    }

    public boolean isOpen() {
        return open;
    }

    /** Whether writes are held (maintenance): background writers should come back later rather than queue. */
    public boolean writesHeld() {
        return !gates.isUnsatisfied() && gates.get().holding();
    }

    /** Writes finished (committed or not) since the service started. */
    public long writes() {
        return writes.get();
    }

    /** Time since the last write finished, or since start when there was none. */
    public Duration sinceLastWrite() {
        return Duration.ofNanos(System.nanoTime() - lastWriteNanos);
    }

    public <T> T read(String operation, SqlWork<T> work) {
        return run(operation, false, Duration.ZERO, work);
    }

    /**
     * A read stopped once {@code timeout} has passed, lock waits included: SQLite ends the running statement
     * ({@link ReadDeadlines}) and the read fails with {@link ReadTimeoutException}. Zero: no deadline.
     */
    public <T> T read(String operation, Duration timeout, SqlWork<T> work) {
        return run(operation, false, timeout, work);
    }

    /** Runs {@code work} in one transaction under the writer lock: all of it commits or none of it. */
    public <T> T write(String operation, SqlWork<T> work) {
        return write(operation, Duration.ZERO, work);
    }

    /**
     * A write given up once {@code timeout} has passed, waiting for the writer included: it then rolls back and fails
     * with {@link ReadTimeoutException}. For probes that must answer quickly; zero: no deadline.
     */
    public <T> T write(String operation, Duration timeout, SqlWork<T> work) {
        if (gates.isUnsatisfied()) {
            return run(operation, true, timeout, work);
        }
        WriteGate gate = gates.get();
        gate.beforeWrite(operation);
        try {
            return run(operation, true, timeout, work);
        } finally {
            gate.afterWrite(operation);
        }
    }

    /**
     * Waits for every running operation to finish, closes all pooled connections (and lets listeners close theirs)
     * and runs {@code action} with no connection open, then lets operations resume. Used to replace the database file
     * (restore).
     */
    public <T> T exclusive(String operation, SqlWork<T> action) {
        Lock lock = gate.writeLock();
        acquire(lock, operation);
        try {
            closeAllConnections(operation);
            listeners.forEach(l -> l.beforeExclusive(operation));
            try {
                return action.run(null);
            } finally {
                closeAllConnections(operation);
                listeners.forEach(l -> l.afterExclusive(operation));
            }
        } catch (SQLException e) {
            metrics.error(operation);
            throw new StorageException("database " + operation + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} while no write can start or be in progress (the writer lock, without a connection), waiting
     * at most {@code bri.storage.write-wait}. Writes queue behind it; reads go on. The archiver copies the WAL and
     * checkpoints under it, so no transaction can slip in between the two.
     */
    public <T> T withWritesPaused(String operation, Callable<T> work) throws Exception {
        Lock shared = gate.readLock();
        acquire(shared, operation);
        try {
            acquire(writer, operation);
            try {
                return work.call();
            } finally {
                writer.unlock();
            }
        } finally {
            shared.unlock();
        }
    }

    /**
     * Agroal flushes on its housekeeping thread, so a flush returns before the connections are closed; a connection
     * still closing could checkpoint into, or delete the -wal/-shm of, a file that is being replaced. Wait until the
     * pool has destroyed every connection it created.
     */
    private void closeAllConnections(String operation) {
        dataSource.flush(AgroalDataSource.FlushMode.ALL);
        var pool = dataSource.getMetrics();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (pool.creationCount() > pool.destroyCount()) {
            if (System.nanoTime() > deadline) {
                metrics.error(operation);
                throw new StorageException("database connections still open after " + waitMillis + " ms");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted while closing database connections");
            }
        }
    }

    private <T> T run(String operation, boolean write, Duration timeout, SqlWork<T> work) {
        if (!open) {
            throw new StorageException("database is starting");
        }
        Timer.Sample sample = Timer.start();
        ReadDeadlines.start(timeout.toNanos());
        Lock shared = gate.readLock();
        try {
            acquire(shared, operation);
        } catch (StorageException e) {
            ReadDeadlines.clear();
            throw e;
        }
        try {
            if (!write) {
                // One transaction per read: its statements share one snapshot, and SQLite takes its WAL read lock
                // (fcntl calls) once instead of once per statement.
                try (Connection connection = dataSource.getConnection()) {
                    return inReadTransaction(connection, work, dialect);
                }
            }
            acquire(writer, operation);
            try (Connection connection = dataSource.getConnection()) {
                T result = inTransaction(connection, work, dialect);
                notifyCommitted();
                return result;
            } finally {
                if (!DatabaseProbe.WRITE_OPERATION.equals(operation)) {
                    lastWriteNanos = System.nanoTime();
                    writes.incrementAndGet();
                }
                writer.unlock();
            }
        } catch (SQLException e) {
            metrics.error(operation);
            if (ReadDeadlines.expired() || dialect.timedOut(e)) {
                throw timedOut(operation, e);
            }
            if (dialect.connectionLost(e)) {
                // The server went away (restart, failover): idle pooled connections are dead too; have the pool test
                // them now rather than hand each to a request that then fails.
                dataSource.flush(AgroalDataSource.FlushMode.INVALID);
            }
            LOG.warnf("database operation %s failed: %s", operation, e.getMessage());
            throw new StorageException("database " + operation + " failed", e);
        } catch (RuntimeException e) {
            if (e instanceof StorageException) {
                metrics.error(operation);
            }
            throw e;
        } finally {
            ReadDeadlines.clear();
            shared.unlock();
            metrics.completed(operation, sample.stop(metrics.timer(operation)));
        }
    }

    private void notifyCommitted() {
        for (DatabaseListener listener : listeners) {
            try {
                listener.committed();
            } catch (RuntimeException e) {
                LOG.errorf("database.listener_failed listener=%s error=%s", listener.getClass().getSimpleName(),
                        e.getMessage());
            }
        }
    }

    private ReadTimeoutException timedOut(String operation, Throwable cause) {
        metrics.timeout(operation);
        LOG.warnf("database.read_timeout operation=%s", operation);
        return new ReadTimeoutException("database " + operation + " did not finish before its deadline", cause);
    }

    /**
     * Turning auto-commit back on ends the transaction (JDBC's rule). For a read that is all a commit would do, and
     * it costs sqlite-jdbc one statement instead of three: its {@code commit()} also begins the next transaction at
     * once, which {@code setAutoCommit(true)} would then commit again.
     */
    private static <T> T inReadTransaction(Connection connection, SqlWork<T> work, Dialect dialect)
            throws SQLException {
        connection.setAutoCommit(false);
        T result;
        try {
            long left = ReadDeadlines.remainingNanos(-1);
            dialect.beginRead(connection, left < 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            result = work.run(connection);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException end) {
                e.addSuppressed(end);
            }
            throw e;
        }
        connection.setAutoCommit(true);
        return result;
    }

    private static <T> T inTransaction(Connection connection, SqlWork<T> work, Dialect dialect)
            throws SQLException {
        connection.setAutoCommit(false);
        try {
            dialect.beginWrite(connection);
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Waits at most {@code bri.storage.write-wait}, or what is left of the thread's read deadline. */
    private void acquire(Lock lock, String operation) {
        try {
            long limit = TimeUnit.MILLISECONDS.toNanos(waitMillis);
            if (!lock.tryLock(Math.min(limit, ReadDeadlines.remainingNanos(limit)), TimeUnit.NANOSECONDS)) {
                metrics.error(operation);
                if (ReadDeadlines.expired()) {
                    throw timedOut(operation, null);
                }
                throw new StorageException("database busy: " + operation + " waited " + waitMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for the database");
        }
    }
}
