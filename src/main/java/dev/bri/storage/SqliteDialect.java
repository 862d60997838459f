package dev.bri.storage;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;

/** SQLite's side of {@link Dialect}: the deadline lives in each connection's progress handler, nothing per transaction. */
@Singleton
public class SqliteDialect implements Dialect {

    @Override
    public Engine engine() {
        return Engine.SQLITE;
    }

    @Override
    public void beginRead(Connection c, long timeoutMillis) {
    }

    @Override
    public void beginWrite(Connection c) {
    }

    @Override
    public boolean timedOut(SQLException e) {
        return false;
    }

    @Override
    public boolean connectionLost(SQLException e) {
        return false;
    }
}
