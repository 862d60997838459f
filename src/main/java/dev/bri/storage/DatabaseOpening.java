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

    DatabaseOpening(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} on a connection of its own, auto-commit on. */
    public <T> T run(SqlWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        }
    }
}
