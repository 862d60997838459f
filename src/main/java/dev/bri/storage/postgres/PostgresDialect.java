package dev.bri.storage.postgres;

import dev.bri.storage.Dialect;
import dev.bri.storage.Engine;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** PostgreSQL's side of {@link Dialect}. */
@Singleton
public class PostgresDialect implements Dialect {

    /**
     * The key of the transaction-level advisory lock every write takes: one writer at a time across all replicas, so
     * the rules SQLite's single writer gives (sequence numbers handed out by the application, arrival order of
     * writes, read-then-write checks) hold on PostgreSQL too. Arbitrary, but fixed: "bri-write" in ASCII.
     */
    public static final long WRITE_LOCK_KEY = 0x6272692d7772L;

    /** SQLSTATE query_canceled: the statement timeout ended a statement. */
    private static final String QUERY_CANCELED = "57014";

    @Override
    public Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    public void beginRead(Connection c, long timeoutMillis) throws SQLException {
        if (timeoutMillis > 0) {
            try (Statement s = c.createStatement()) {
                // SET LOCAL ends with the transaction: the pooled connection goes back without a timeout.
                s.execute("SET LOCAL statement_timeout = " + Math.max(1, timeoutMillis));
            }
        }
    }

    @Override
    public void beginWrite(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + WRITE_LOCK_KEY + ")");
        }
    }

    @Override
    public boolean timedOut(SQLException e) {
        return QUERY_CANCELED.equals(e.getSQLState());
    }

    @Override
    public boolean connectionLost(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
