package dev.bri.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;

/** Opening and inspecting SQLite files that are not the live database (copies, staged restores). */
public final class SqliteFiles {

    /** What a backup records about the database it holds. */
    record Info(String sqliteVersion, long pageSize, String schemaVersion, Map<String, Long> rowCounts) {
    }

    private SqliteFiles() {
    }

    public static Connection open(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(5000);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    static Info inspect(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            String version = string(s, "SELECT sqlite_version()");
            long pageSize = Long.parseLong(string(s, "PRAGMA page_size"));
            return new Info(version, pageSize, schemaVersion(s), rowCounts(c));
        }
    }

    /** Rows of every ordinary table (virtual tables are counted through their shadow tables). */
    public static Map<String, Long> rowCounts(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' "
                        + "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        try (Statement s = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + table.replace("\"", "\"\"") + "\"")) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** {@code ok}, or the first problems {@code PRAGMA integrity_check} reports. */
    public static String integrityCheck(Connection c) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check(20)")) {
            while (rs.next()) {
                problems.add(rs.getString(1));
            }
        }
        return problems.equals(List.of("ok")) ? "ok" : String.join("; ", problems);
    }

    private static String schemaVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE name = 'flyway_schema_history'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return "none";
            }
        }
        String v = string(s, "SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL "
                + "ORDER BY installed_rank DESC LIMIT 1");
        return v == null ? "none" : v;
    }

    private static String string(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
