package dev.bri.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What {@link Database} does differently per engine around a transaction. SQLite's parts that have no counterpart
 * (pragmas, WAL checkpoints, the progress-handler deadline of {@link ReadDeadlines}) stay with the SQLite datasource;
 * this is the part both engines implement, one CDI bean per engine ({@link StorageEngine#dialect()} picks one).
 */
public interface Dialect {

    Engine engine();

    /**
     * A read transaction has begun on {@code c}; {@code timeoutMillis} (0: none) is what is left of its deadline.
     * SQLite enforces the deadline itself ({@link ReadDeadlines}); PostgreSQL sets a statement timeout.
     */
    void beginRead(Connection c, long timeoutMillis) throws SQLException;

    /**
     * A write transaction has begun on {@code c}. PostgreSQL takes a database-wide transaction lock, so that writes
     * of several replicas are serialized as the single writer of one process serializes them on SQLite.
     */
    void beginWrite(Connection c) throws SQLException;

    /** Whether {@code e} is the engine stopping a statement at its deadline. */
    boolean timedOut(SQLException e);

    /** Whether {@code e} means the connection to the server is gone (the pooled connections should be checked). */
    boolean connectionLost(SQLException e);
}
