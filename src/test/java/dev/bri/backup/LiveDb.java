package dev.bri.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real WAL database for backup tests, with a writer whose every transaction inserts {@value #ROWS_PER_TX} rows
 * into {@code item} and one row into {@code batch}: any consistent state has item = batch * ROWS_PER_TX.
 */
final class LiveDb implements AutoCloseable {

    static final int ROWS_PER_TX = 50;

    final Path file;
    private final AtomicBoolean running = new AtomicBoolean();
    final AtomicLong committedBatches = new AtomicLong();
    private Thread writer;
    private volatile Throwable writerFailure;

    LiveDb(Path file) throws SQLException {
        this.file = file;
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE IF NOT EXISTS batch (id INTEGER PRIMARY KEY, at TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, batch_id INTEGER NOT NULL, "
                    + "payload TEXT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS ix_item_batch ON item (batch_id)");
        }
    }

    Connection open() throws SQLException {
        Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
        }
        return c;
    }

    /** Commits {@code n} batches now. */
    void write(int n) throws SQLException {
        try (Connection c = open()) {
            for (int i = 0; i < n; i++) {
                batch(c);
            }
        }
    }

    private void batch(Connection c) throws SQLException {
        c.setAutoCommit(false);
        long id;
        try (PreparedStatement b = c.prepareStatement("INSERT INTO batch (at) VALUES (datetime('now'))")) {
            b.executeUpdate();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement i = c.prepareStatement("INSERT INTO item (batch_id, payload) VALUES (?, ?)")) {
            for (int r = 0; r < ROWS_PER_TX; r++) {
                i.setLong(1, id);
                i.setString(2, "payload-" + id + "-" + r + "-" + "x".repeat(200));
                i.addBatch();
            }
            i.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
        committedBatches.incrementAndGet();
    }

    /** Starts committing batches continuously on its own connection until {@link #close}. */
    void startWriter() {
        running.set(true);
        writer = new Thread(() -> {
            try (Connection c = open()) {
                while (running.get()) {
                    batch(c);
                }
            } catch (Throwable e) {
                writerFailure = e;
            }
        }, "live-writer");
        writer.start();
    }

    long count(String table) throws SQLException {
        try (Connection c = open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        if (writer != null) {
            writer.join();
        }
        if (writerFailure != null) {
            throw new AssertionError("writer failed", writerFailure);
        }
    }
}
