package dev.bri.migration;

import dev.bri.migration.MigrationException.Reason;
import dev.bri.storage.DataDirectoryLock;
import dev.bri.storage.Engine;
import dev.bri.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Copies every row of a bri-context database to a database of the other engine (SQLite to PostgreSQL, or back):
 * videos, lineage sources, items, transcripts, memory turns, pipeline events. The target's schema is created by the
 * service's own migrations; what the service derives (object detections, item spans, the search index) is derived by
 * the target itself.
 *
 * <p>Resumable: each table is copied in batches in key order, and each batch commits together with the target's
 * progress row ({@value #PROGRESS}) naming the last key it holds, so a copy killed at any moment continues after the
 * last committed batch when run again. Verified: the copy is reported only once every table has the same row count
 * and the same checksum ({@link TableCheck}) on both sides, and the derived tables the same row counts. Refuses a
 * target that holds rows not put there by a migration from the same source.
 *
 * <p>The source must not change while it is copied: a SQLite file is locked against the service
 * ({@link DataDirectoryLock}); a PostgreSQL source's services must be stopped (a change is caught by verification).
 */
public final class EngineMigration {

    /** The progress table on the target: one row per copied table. */
    public static final String PROGRESS = "bri_migration_progress";

    private final Endpoint source;
    private final Endpoint target;
    private final int batchSize;
    private final MigrationProgress progress;
    private final RowWriter writer;

    public EngineMigration(Endpoint source, Endpoint target, int batchSize, MigrationProgress progress) {
        if (source.engine() == target.engine() && source.describe().equals(target.describe())) {
            throw new IllegalArgumentException("source and target are the same database");
        }
        this.source = source;
        this.target = target;
        this.batchSize = batchSize;
        this.progress = progress;
        this.writer = RowWriter.of(target.engine());
    }

    /** What a finished migration found on both sides. */
    public record Result(List<TableCheck> tables, Map<String, Long> derived, boolean resumed, String schemaVersion,
            double copySeconds, double verifySeconds) {
    }

    public Result run() {
        List<DataDirectoryLock> locks = new ArrayList<>();
        try {
            if (source.engine() == Engine.SQLITE) {
                if (!Files.isRegularFile(source.sqliteFile())) {
                    throw new MigrationException(Reason.FAILED, "no SQLite database at " + source.sqliteFile());
                }
                locks.add(lock(source.sqliteFile()));
            }
            if (target.engine() == Engine.SQLITE) {
                Files.createDirectories(target.sqliteFile().getParent());
                locks.add(lock(target.sqliteFile()));
            }
            return copy();
        } catch (java.io.IOException e) {
            throw new MigrationException(Reason.FAILED, "cannot prepare " + target + ": " + e.getMessage(), e);
        } finally {
            locks.forEach(DataDirectoryLock::close);
        }
    }

    private static DataDirectoryLock lock(Path file) {
        try {
            return DataDirectoryLock.acquire(file.getParent());
        } catch (StorageException e) {
            throw new MigrationException(Reason.BUSY, e.getMessage(), e);
        }
    }

    private Result copy() {
        try (Connection from = source.open(); Connection to = target.open()) {
            String sourceVersion = schemaVersion(from);
            if (sourceVersion == null) {
                throw new MigrationException(Reason.FAILED, source + " is not a bri-context database (no schema "
                        + "history); start the service on it once, or check the path");
            }
            Map<String, String[]> state = readProgress(to);
            boolean resumed = !state.isEmpty();
            if (resumed) {
                progress.message("resuming the migration from " + source + " into " + target);
            } else {
                refuseIfHoldsData(to);
            }
            progress.message("preparing the schema of " + target);
            migrateSchema();
            String targetVersion = schemaVersion(to);
            if (!sourceVersion.equals(targetVersion)) {
                throw new MigrationException(Reason.SCHEMA_MISMATCH, "the source " + source + " is at schema version "
                        + sourceVersion + ", this bri-context creates version " + targetVersion + ": "
                        + (MigrationVersion.fromVersion(sourceVersion).compareTo(
                                MigrationVersion.fromVersion(targetVersion)) < 0
                                        ? "start this version of the service on the source once (it migrates the "
                                                + "schema), stop it, then migrate"
                                        : "run the migration with the bri-context version that wrote the source"));
            }
            if (!resumed) {
                startProgress(to);
                state = readProgress(to);
            }
            long copyStarted = System.nanoTime();
            for (CopiedTable table : CopiedTable.ALL) {
                String[] row = state.get(table.name());
                if (row == null) {
                    throw new MigrationException(Reason.FAILED, "the progress table " + PROGRESS + " on " + target
                            + " has no row for " + table.name() + "; drop the target's tables and start again");
                }
                if (row[1].equals("copying")) {
                    copyTable(from, to, table, Long.parseLong(row[0]));
                }
            }
            finishTarget(to);
            double copySeconds = (System.nanoTime() - copyStarted) / 1e9;
            progress.message("verifying: row counts and checksums of every table on both sides");
            long verifyStarted = System.nanoTime();
            Result result = verify(from, to, resumed, sourceVersion, copySeconds, verifyStarted);
            setState(to, "verified");
            return result;
        } catch (SQLException e) {
            throw new MigrationException(Reason.FAILED, "migration failed: " + e.getMessage()
                    + " (run the same command again to resume)", e);
        }
    }

    private void copyTable(Connection from, Connection to, CopiedTable table, long lastKey) throws SQLException {
        long total = RowReader.count(from, table.name());
        long totalBytes = RowReader.weight(from, table);
        long done = RowReader.count(to, table.name());
        long bytes = done == 0 ? 0 : RowReader.weight(to, table);
        int key = RowReader.keyIndex(table);
        progress.rows(table.name(), done, total, bytes, totalBytes);
        to.setAutoCommit(false);
        try (PreparedStatement mark = to.prepareStatement("UPDATE " + PROGRESS
                + " SET last_key = ?, copied = ?, updated_at = ? WHERE table_name = ?")) {
            long after = lastKey;
            while (true) {
                List<Object[]> rows = RowReader.batch(from, table, after, batchSize);
                if (rows.isEmpty()) {
                    break;
                }
                writer.write(to, table, rows);
                for (Object[] r : rows) {
                    bytes += RowReader.weight(r);
                }
                after = (Long) rows.get(rows.size() - 1)[key];
                done += rows.size();
                mark.setLong(1, after);
                mark.setLong(2, done);
                mark.setString(3, Instant.now().toString());
                mark.setString(4, table.name());
                mark.executeUpdate();
                to.commit(); // the rows and the progress row together: a resume starts exactly after them
                progress.rows(table.name(), done, Math.max(total, done), bytes, Math.max(bytes, totalBytes));
                if (rows.size() < batchSize) {
                    break;
                }
            }
            try (PreparedStatement s = to.prepareStatement("UPDATE " + PROGRESS
                    + " SET state = 'copied', updated_at = ? WHERE table_name = ?")) {
                s.setString(1, Instant.now().toString());
                s.setString(2, table.name());
                s.executeUpdate();
            }
            to.commit();
        } catch (SQLException | RuntimeException e) {
            to.rollback();
            throw e;
        } finally {
            to.setAutoCommit(true);
        }
        progress.tableDone(table.name());
    }

    /** What the target derives and needs once the rows are in: sequences, statistics, SQLite's term backfill. */
    private void finishTarget(Connection to) throws SQLException {
        try (Statement s = to.createStatement()) {
            if (target.engine() == Engine.POSTGRESQL) {
                // rows came with their keys: the identity sequences must continue after them
                for (String[] identity : new String[][]{{"videos", "seq"}, {"lineage_sources", "id"},
                        {"memory_turns", "seq"}, {"pipeline_events", "seq"}}) {
                    s.execute("SELECT setval(pg_get_serial_sequence('" + identity[0] + "', '" + identity[1]
                            + "'), (SELECT COALESCE(max(" + identity[1] + "), 0) + 1 FROM " + identity[0]
                            + "), false)");
                }
                s.execute("ANALYZE");
            } else {
                // term statistics are counted by the service's SearchTermsBackfill; until then search uses FTS5
                s.execute("INSERT OR IGNORE INTO search_terms_incomplete (video_seq, reason) "
                        + "SELECT DISTINCT video_seq, 'backfill' FROM context_items WHERE search_text IS NOT NULL");
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }

    private Result verify(Connection from, Connection to, boolean resumed, String version, double copySeconds,
            long verifyStarted) throws SQLException {
        List<TableCheck> checks = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        for (CopiedTable table : CopiedTable.ALL) {
            TableCheck a = RowReader.check(from, table, batchSize);
            TableCheck b = RowReader.check(to, table, batchSize);
            if (!a.equals(b)) {
                differences.add(table.name() + ": source " + a.rows() + " rows sha256 " + a.sha256()
                        + ", target " + b.rows() + " rows sha256 " + b.sha256());
            }
            checks.add(a);
            progress.message("verified " + table.name() + ": " + a.rows() + " rows, sha256 " + a.sha256());
        }
        Map<String, Long> derived = new LinkedHashMap<>();
        for (String table : CopiedTable.DERIVED) {
            long a = RowReader.count(from, table);
            long b = RowReader.count(to, table);
            if (a != b) {
                differences.add(table + " (derived): source " + a + " rows, target " + b);
            }
            derived.put(table, a);
        }
        if (!differences.isEmpty()) {
            throw new MigrationException(Reason.VERIFICATION_FAILED, "the target differs from the source (was the "
                    + "source written to during the migration?): " + String.join("; ", differences));
        }
        return new Result(checks, derived, resumed, version, copySeconds, (System.nanoTime() - verifyStarted) / 1e9);
    }

    private void migrateSchema() {
        try {
            Flyway.configure(EngineMigration.class.getClassLoader())
                    .dataSource(target.url(), target.user(), target.password())
                    .locations(target.migrations()).load().migrate();
        } catch (RuntimeException e) {
            throw new MigrationException(Reason.FAILED, "cannot create the bri-context schema on " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /** The newest successful migration's version, or null when there is no schema history. */
    static String schemaVersion(Connection c) throws SQLException {
        if (!tableExists(c, "flyway_schema_history")) {
            return null;
        }
        MigrationVersion newest = null;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
            while (rs.next()) {
                MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
                if (newest == null || v.compareTo(newest) > 0) {
                    newest = v;
                }
            }
        }
        return newest == null ? null : newest.getVersion();
    }

    private void refuseIfHoldsData(Connection to) throws SQLException {
        for (CopiedTable table : CopiedTable.ALL) {
            if (tableExists(to, table.name()) && RowReader.count(to, table.name()) > 0) {
                throw new MigrationException(Reason.TARGET_NOT_EMPTY, target + " already holds data (" + table.name()
                        + " has rows) that no migration from " + source + " put there; refusing to mix them. "
                        + "Migrate into an empty database");
            }
        }
    }

    /** table name -> {last key, state}; empty when there is no progress table. */
    private Map<String, String[]> readProgress(Connection to) throws SQLException {
        Map<String, String[]> state = new LinkedHashMap<>();
        if (!tableExists(to, PROGRESS)) {
            return state;
        }
        try (Statement s = to.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name, source, last_key, state FROM " + PROGRESS)) {
            while (rs.next()) {
                if (!rs.getString(2).equals(source.describe())) {
                    throw new MigrationException(Reason.TARGET_NOT_EMPTY, target + " holds a migration from "
                            + rs.getString(2) + ", not from " + source + "; refusing to mix them");
                }
                state.put(rs.getString(1), new String[]{Long.toString(rs.getLong(3)), rs.getString(4)});
            }
        }
        return state;
    }

    private void startProgress(Connection to) throws SQLException {
        to.setAutoCommit(false);
        try {
            try (Statement s = to.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + PROGRESS + " (table_name TEXT PRIMARY KEY, "
                        + "source TEXT NOT NULL, last_key BIGINT NOT NULL, copied BIGINT NOT NULL, "
                        + "state TEXT NOT NULL, updated_at TEXT NOT NULL)");
            }
            try (PreparedStatement insert = to.prepareStatement("INSERT INTO " + PROGRESS
                    + " (table_name, source, last_key, copied, state, updated_at) VALUES (?, ?, ?, 0, 'copying', ?)")) {
                for (CopiedTable table : CopiedTable.ALL) {
                    insert.setString(1, table.name());
                    insert.setString(2, source.describe());
                    insert.setLong(3, Long.MIN_VALUE);
                    insert.setString(4, Instant.now().toString());
                    insert.executeUpdate();
                }
            }
            to.commit();
        } catch (SQLException e) {
            to.rollback();
            throw e;
        } finally {
            to.setAutoCommit(true);
        }
    }

    private static void setState(Connection to, String state) throws SQLException {
        try (PreparedStatement s = to.prepareStatement("UPDATE " + PROGRESS + " SET state = ?, updated_at = ?")) {
            s.setString(1, state);
            s.setString(2, Instant.now().toString());
            s.executeUpdate();
        }
    }

    static boolean tableExists(Connection c, String name) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(null, null, name, new String[]{"TABLE"})) {
            return rs.next();
        }
    }
}
