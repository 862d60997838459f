package dev.bri.storage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Fired synchronously once the schema is migrated and before the database accepts the first request: work that
 * must be done before anything reads the file (the erasure ledger's replay) observes it.
 */
public final class DatabaseOpening {

    private final DataSource dataSource;
    private final Engine engine;

    DatabaseOpening(DataSource dataSource, Engine engine) {
        this.dataSource = dataSource;
        this.engine = engine;
    }

    /** The engine being opened: work that repairs what a SQLite file restore can undo has nothing to do elsewhere. */
    public Engine engine() {
        return engine;
    }

    /** Runs {@code work} on a connection of its own, auto-commit on. */
    public <T> T run(SqlWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        }
    }
}
