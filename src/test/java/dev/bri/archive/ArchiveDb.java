package dev.bri.archive;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * A live WAL database written the way the service writes: one writer at a time under a lock, the archiver told after
 * each commit. Every transaction inserts one {@code batch} row and a few {@code item} rows (sometimes large, so pages
 * overflow and the file grows) and deletes some old items (so pages are freed and reused); after each commit the
 * number of batches and the sum of item ids are recorded with the time.
 */
final class ArchiveDb implements AutoCloseable {

    /** The state observed right after a commit. */
    record Observed(Instant at, long batches, long items, long idSum) {
        /** What a rebuilt database holds of this state: the same counts, no observation time. */
        Observed content() {
            return new Observed(null, batches, items, idSum);
        }
    }

    /** The last state observed after a commit. */
    Observed last() {
        return observed.get(observed.size() - 1);
    }

    final Path file;
    final ReentrantLock writer = new ReentrantLock();
    final List<Observed> observed = new ArrayList<>();
    final Clock clock;
    private final Connection own;
    /** The connection transactions go through: the own one, or another one of the pool-like set. */
    private Connection connection;
    private WalArchiver archiver;
    private long batches;

    ArchiveDb(Path file) throws SQLException {
        this(file, Clock.systemUTC());
    }

    /** @param clock the archiver's clock too, so observed times and commit stamps are on one time line */
    ArchiveDb(Path file, Clock clock) throws SQLException {
        this.file = file;
        this.clock = clock;
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10000);
        own = config.createConnection("jdbc:sqlite:" + file);
        connection = own;
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint=0");
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE IF NOT EXISTS batch (id INTEGER PRIMARY KEY, at TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, batch_id INTEGER NOT NULL, "
                    + "payload TEXT NOT NULL)");
        }
    }

    WalArchiver.Writes writes() {
        return new WalArchiver.Writes() {
            @Override
            public <T> T paused(String operation, Callable<T> work) throws Exception {
                writer.lock();
                try {
                    return work.call();
                } finally {
                    writer.unlock();
                }
            }
        };
    }

    void attach(WalArchiver archiver) {
        this.archiver = archiver;
    }

    /**
     * A commit the archiver is told about only after {@code between} ran (another process checkpointing, say): the
     * window between SQLite's commit and the archiver's read of it.
     */
    void writeThen(SqlRunnable between) throws SQLException {
        writer.lock();
        try {
            transaction();
            between.run();
            if (archiver != null) {
                archiver.committed();
            }
            Instant at = clock.instant();
            observed.add(new Observed(at, batches, count("SELECT count(*) FROM item"),
                    count("SELECT coalesce(sum(id), 0) FROM item")));
            while (!clock.instant().isAfter(at)) {
                Thread.onSpinWait();
            }
        } finally {
            writer.unlock();
        }
    }

    @FunctionalInterface
    interface SqlRunnable {
        void run() throws SQLException;
    }

    /** Checkpoints through a connection of another process-like user of the file (not the archiver's). */
    void foreignCheckpoint(String mode) throws SQLException {
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            rs.next();
        }
    }

    /** Commits {@code n} transactions, each observed with a time strictly after its commit was stamped. */
    void write(int n) throws SQLException {
        for (int i = 0; i < n; i++) {
            writer.lock();
            try {
                transaction();
                if (archiver != null) {
                    archiver.committed();
                }
                Instant at = clock.instant();
                observed.add(new Observed(at, batches, count("SELECT count(*) FROM item"),
                        count("SELECT coalesce(sum(id), 0) FROM item")));
                while (!clock.instant().isAfter(at)) {
                    Thread.onSpinWait(); // the next commit is stamped strictly later than this observation
                }
            } finally {
                writer.unlock();
            }
        }
    }

    private void transaction() throws SQLException {
        connection.setAutoCommit(false);
        try {
            long id;
            try (PreparedStatement b = connection.prepareStatement("INSERT INTO batch (at) VALUES (?)")) {
                b.setString(1, Instant.now().toString());
                b.executeUpdate();
            }
            id = count("SELECT last_insert_rowid()");
            try (PreparedStatement p = connection
                    .prepareStatement("INSERT INTO item (batch_id, payload) VALUES (?, ?)")) {
                for (int i = 0; i < 5; i++) {
                    p.setLong(1, id);
                    p.setString(2, ("batch " + id + " item " + i + " ").repeat(id % 7 == 0 ? 300 : 3));
                    p.executeUpdate();
                }
            }
            if (id % 5 == 0) {
                try (Statement s = connection.createStatement()) {
                    s.executeUpdate("DELETE FROM item WHERE batch_id = " + (id / 2));
                }
            }
            connection.commit();
            batches++;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    long count(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    Connection connection() {
        return connection;
    }

    static Observed stateOf(Path db) throws SQLException {
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            long batches;
            long items;
            long sum;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM batch")) {
                rs.next();
                batches = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(id), 0) FROM item")) {
                rs.next();
                items = rs.getLong(1);
                sum = rs.getLong(2);
            }
            return new Observed(null, batches, items, sum);
        }
    }

    /**
     * Writes through a connection of its own from now on, as the service's pool hands out different connections:
     * each SQLite connection keeps its own checkpoint counter, which it writes into the WAL header when it restarts
     * the WAL.
     */
    Connection switchToNewConnection() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10000);
        Connection c = config.createConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint=0");
        }
        connection = c;
        return c;
    }

    @Override
    public void close() throws SQLException {
        if (connection != own) {
            connection.close();
        }
        own.close();
    }
}
