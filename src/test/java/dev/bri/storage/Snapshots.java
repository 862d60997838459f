package dev.bri.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Test checks on WAL read snapshots. */
final class Snapshots {

    private Snapshots() {
    }

    /** A full checkpoint only succeeds when no connection still holds an older snapshot. */
    static void assertNoneHeld(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("checkpoint blocked by a reader").isZero();
        }
    }
}
