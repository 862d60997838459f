package dev.bri.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.TestData;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteOpenMode;

@QuarkusTest
class StorageTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    StorageConfig config;

    @Test
    void everyPooledConnectionHasTheConfiguredPragmas() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThat(pragma(s, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(s, "foreign_keys")).isEqualTo("1");
            assertThat(pragma(s, "synchronous")).isEqualTo("2"); // FULL
            assertThat(Integer.parseInt(pragma(s, "busy_timeout"))).isEqualTo(config.storage().busyTimeoutMs());
            assertThat(Integer.parseInt(pragma(s, "cache_size"))).isEqualTo(-config.storage().cacheSizeKib());
            assertThat(Long.parseLong(pragma(s, "mmap_size"))).isEqualTo(config.storage().mmapSizeBytes());
            int openMode = c.unwrap(SQLiteConnection.class).getDatabase().getConfig().getOpenModeFlags();
            int wanted = SQLiteOpenMode.READWRITE.flag | SQLiteOpenMode.CREATE.flag | SQLiteOpenMode.NOMUTEX.flag;
            assertThat(openMode & wanted).as("open flags %s", Integer.toHexString(openMode)).isEqualTo(wanted);
            assertThat(openMode & SQLiteOpenMode.FULLMUTEX.flag).isZero();
        }
        assertThat(config.databaseFile()).exists();
    }

    @Test
    void migrationsApplyOnceOnFreshAndExistingDatabases() throws Exception {
        Path dir = Files.createTempDirectory("bri-migrate");
        String url = "jdbc:sqlite:" + dir.resolve("bri.db");
        Flyway flyway = Flyway.configure().dataSource(url, null, null).locations("db/migration").load();
        int fresh = flyway.migrate().migrationsExecuted;
        assertThat(fresh).isGreaterThanOrEqualTo(1);
        assertThat(flyway.migrate().migrationsExecuted).isZero();
        try (Connection c = new SQLiteConfig().createConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), min(success) FROM flyway_schema_history "
                        + "WHERE version IS NOT NULL")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(fresh);
            assertThat(rs.getInt(2)).isEqualTo(1);
        }
    }

    @Test
    void theServiceDatabaseIsMigratedAndIntact() throws Exception {
        TestData.createVideo(10);
        // A fresh connection, not a pooled one: SQLite 3.46's FTS5 integrity check can report a false "malformed
        // inverted index" on a long-lived connection that saw concurrent writes (see docs/ERROR_PATTERNS_SOLUTIONS.md).
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + config.databaseFile());
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success = 0")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
            assertThat(pragma(s, "integrity_check")).isEqualTo("ok");
            assertThat(pragma(s, "foreign_key_check")).isNull();
        }
    }

    @Test
    void timestampsAreUtcWithMillis() {
        String now = Timestamps.now();
        assertThat(now).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(Timestamps.format(Timestamps.parse(now))).isEqualTo(now);
    }

    private static String pragma(Statement s, String name) throws Exception {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
