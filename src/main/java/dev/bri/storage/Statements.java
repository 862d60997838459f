package dev.bri.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.postgresql.PGConnection;
import org.sqlite.SQLiteConnection;

/**
 * Prepared statements kept per physical connection, for the read queries every request runs. Neither sqlite-jdbc nor
 * Agroal caches statements, and compiling SQL cost as much as running these short queries. On PostgreSQL the same
 * cache keeps the driver's server-side prepared statements in use (it prepares on the server after a few executions
 * of one statement object).
 *
 * <p>A cached statement belongs to the pooled connection, not to the borrower: callers must not close it, and must
 * close its ResultSet (which resets the statement, so it holds no read snapshot open). A connection the pool closes
 * finalizes its statements; its entry is dropped when the pool opens the next connection (a weak map would not
 * do: each statement refers to its connection).
 */
public final class Statements {

    /** Only fixed SQL strings are cached; should more turn up on one connection, its cache starts over. */
    private static final int MAX_PER_CONNECTION = 64;
    private static final Map<Connection, Map<String, PreparedStatement>> CACHE = new HashMap<>();

    private Statements() {
    }

    /** A ready statement for {@code sql} on the connection behind {@code c}, parameters cleared. */
    public static PreparedStatement cached(Connection c, String sql) throws SQLException {
        Connection physical = physical(c);
        // A physical connection is used by one borrower at a time, so its own map needs no lock.
        Map<String, PreparedStatement> statements = statementsOf(physical);
        PreparedStatement statement = statements.get(sql);
        if (statement != null && !statement.isClosed()) {
            try {
                statement.clearParameters();
                return statement;
            } catch (SQLException broken) {
                // The driver gives up a statement whose execution failed ("statement is not executing"): replace it.
                statements.remove(sql);
                statement.close();
            }
        }
        if (statements.size() >= MAX_PER_CONNECTION) {
            for (PreparedStatement old : statements.values()) {
                old.close();
            }
            statements.clear();
        }
        statement = physical.prepareStatement(sql);
        statements.put(sql, statement);
        return statement;
    }

    /** The driver's connection behind the pool's wrapper: the key that outlives one borrowing. */
    private static Connection physical(Connection c) throws SQLException {
        if (c.isWrapperFor(SQLiteConnection.class)) {
            return c.unwrap(SQLiteConnection.class);
        }
        return (Connection) c.unwrap(PGConnection.class);
    }

    private static Map<String, PreparedStatement> statementsOf(Connection physical) throws SQLException {
        synchronized (CACHE) {
            Map<String, PreparedStatement> statements = CACHE.get(physical);
            if (statements == null) {
                // A new connection: the pool may have closed others since (idle timeout, restore); forget theirs.
                CACHE.keySet().removeIf(Statements::isClosed);
                statements = new HashMap<>();
                CACHE.put(physical, statements);
            }
            return statements;
        }
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
