package dev.bri.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

class StatementsTest {

    @Test
    void aStatementIsPreparedOncePerConnectionAndReplacedAfterItFails() throws Exception {
        String url = "jdbc:sqlite:" + Files.createTempDirectory("bri-statements").resolve("bri.db");
        try (Connection c = new SQLiteConfig().createConnection(url);
                Connection other = new SQLiteConfig().createConnection(url)) {
            exec(c, "CREATE TABLE t (x INTEGER)");
            exec(c, "INSERT INTO t VALUES (41), (42)");
            PreparedStatement first = Statements.cached(c, "SELECT x FROM t WHERE x = ?");
            assertThat(valueOf(first, 42)).isEqualTo(42);
            assertThat(Statements.cached(c, "SELECT x FROM t WHERE x = ?")).isSameAs(first);
            assertThat(Statements.cached(other, "SELECT x FROM t WHERE x = ?")).isNotSameAs(first);

            // The driver gives up a statement whose execution failed; the cache must not hand it out again.
            exec(c, "ALTER TABLE t RENAME TO t_away");
            assertThatThrownBy(() -> valueOf(Statements.cached(c, "SELECT x FROM t WHERE x = ?"), 42))
                    .isInstanceOf(SQLException.class).hasMessageContaining("no such table");
            exec(c, "ALTER TABLE t_away RENAME TO t");
            PreparedStatement replaced = Statements.cached(c, "SELECT x FROM t WHERE x = ?");
            assertThat(replaced).isNotSameAs(first);
            assertThat(valueOf(replaced, 41)).isEqualTo(41);
        }
    }

    @Test
    void statementsOfAClosedConnectionAreForgottenWhenTheNextOneArrives() throws Exception {
        String url = "jdbc:sqlite:" + Files.createTempDirectory("bri-statements").resolve("bri.db");
        Connection first = new SQLiteConfig().createConnection(url);
        Statements.cached(first, "SELECT 1");
        assertThat(cachesStatementsOf(first)).isTrue();
        first.close(); // as the pool does on idle timeout or restore
        try (Connection next = new SQLiteConfig().createConnection(url)) {
            Statements.cached(next, "SELECT 1");
            assertThat(cachesStatementsOf(next)).isTrue();
            assertThat(cachesStatementsOf(first)).isFalse();
        }
    }

    @Test
    void aClosedResultSetLeavesNoReadSnapshotOpen() throws Exception {
        Path dir = Files.createTempDirectory("bri-statements");
        String url = "jdbc:sqlite:" + dir.resolve("bri.db");
        try (Connection c = new SQLiteConfig().createConnection(url);
                Connection writer = new SQLiteConfig().createConnection(url)) {
            exec(c, "PRAGMA journal_mode=WAL");
            exec(c, "CREATE TABLE t (x INTEGER)");
            exec(c, "INSERT INTO t VALUES (1), (2)");
            PreparedStatement s = Statements.cached(c, "SELECT x FROM t WHERE x >= ?");
            s.setInt(1, 0);
            try (ResultSet rs = s.executeQuery()) {
                rs.next(); // read one row of two, then close
            }
            exec(writer, "INSERT INTO t VALUES (3)");
            Snapshots.assertNoneHeld(writer);
        }
    }

    /** Whether the cache holds an entry for the connection behind {@code c}: read from its private map. */
    private static boolean cachesStatementsOf(Connection c) throws Exception {
        Field field = Statements.class.getDeclaredField("CACHE");
        field.setAccessible(true);
        Map<?, ?> cache = (Map<?, ?>) field.get(null);
        SQLiteConnection physical = c.unwrap(SQLiteConnection.class);
        synchronized (cache) {
            return cache.containsKey(physical);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int valueOf(PreparedStatement s, int x) throws SQLException {
        s.setInt(1, x);
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
