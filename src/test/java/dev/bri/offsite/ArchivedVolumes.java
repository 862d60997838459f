package dev.bri.offsite;

import dev.bri.archive.ArchiveStore;
import dev.bri.archive.WalArchiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * A live WAL database continuously archived by the real {@link WalArchiver} into a backup directory, written the
 * way the service writes (one writer under a lock, the archiver told after each commit). After each commit the
 * number of rows is recorded with a time strictly after the commit's stamp, so a restore to that time must show it.
 */
final class ArchivedVolumes implements AutoCloseable {

    record Observed(Instant at, long rows) {
    }

    final Path data;
    final Path backups;
    final List<Observed> observed = new ArrayList<>();
    private final ReentrantLock writer = new ReentrantLock();
    private final Connection connection;
    private final WalArchiver archiver;

    ArchivedVolumes(Path root) throws Exception {
        this(root, Duration.ofDays(1));
    }

    /** {@code chainInterval} zero: every tick after a seal starts a new chain (a fresh base snapshot). */
    ArchivedVolumes(Path root, Duration chainInterval) throws Exception {
        data = Files.createDirectories(root.resolve("data"));
        backups = Files.createDirectories(root.resolve("backups"));
        Path db = data.resolve("bri.db");
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10000);
        connection = config.createConnection("jdbc:sqlite:" + db);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint=0");
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE IF NOT EXISTS videos (seq INTEGER PRIMARY KEY, id TEXT NOT NULL)");
        }
        archiver = new WalArchiver(db, new ArchiveStore(backups), Clock.systemUTC(), new WalArchiver.Writes() {
            @Override
            public <T> T paused(String operation, Callable<T> work) throws Exception {
                writer.lock();
                try {
                    return work.call();
                } finally {
                    writer.unlock();
                }
            }
        }, new WalArchiver.Events() {
        }, new WalArchiver.Options(true, Duration.ofSeconds(1), 50, 64L << 20, chainInterval, Duration.ZERO,
                true, 1, "test"));
        archiver.open();
        archiver.tick(); // the chain's base snapshot
    }

    /** {@code transactions} commits of {@code rowsEach} rows, then one tick (a sealed segment). */
    void writeAndSeal(int transactions, int rowsEach) throws SQLException {
        for (int i = 0; i < transactions; i++) {
            writer.lock();
            try {
                try (Statement s = connection.createStatement()) {
                    s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rowsEach
                            + ") INSERT INTO videos (id) SELECT 'v' || i FROM n");
                }
                archiver.committed();
                Instant at = Instant.now();
                observed.add(new Observed(at, rows(connection)));
                while (!Instant.now().isAfter(at)) {
                    Thread.onSpinWait(); // the next commit is stamped strictly later than this observation
                }
            } finally {
                writer.unlock();
            }
        }
        archiver.tick();
    }

    static long rows(Path db) throws SQLException {
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + db)) {
            return rows(c);
        }
    }

    private static long rows(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM videos")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        archiver.close();
        connection.close();
    }
}
