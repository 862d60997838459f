package dev.bri.offsite;

import dev.bri.backup.BackupMetadata;
import dev.bri.backup.OfflineBackups;
import dev.bri.encryption.AgeRecipients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A stopped service's volumes (a real SQLite database and backup directory) and a replicator for them. */
final class OffsiteFixture {

    final Path data;
    final Path backups;
    final List<String> uploadedInOrder = Collections.synchronizedList(new ArrayList<>());
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    OffsiteFixture(Path root) throws Exception {
        data = Files.createDirectories(root.resolve("data"));
        backups = Files.createDirectories(root.resolve("backups"));
        sql("PRAGMA journal_mode=WAL", "CREATE TABLE IF NOT EXISTS videos (seq INTEGER PRIMARY KEY, id TEXT)");
    }

    void sql(String... statements) throws Exception {
        try (Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + data.resolve("bri.db"));
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    void insert(int n) throws Exception {
        sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + n + ") "
                + "INSERT INTO videos (id) SELECT 'v' || i FROM n");
    }

    long videos() throws Exception {
        return count(data.resolve("bri.db"));
    }

    static long count(Path db) throws Exception {
        try (Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM videos")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    OfflineBackups offline() {
        return new OfflineBackups(data, backups, true, "test");
    }

    BackupMetadata backup() throws Exception {
        BackupMetadata b = offline().create("cli");
        offline().verify(b.backupId());
        return offline().find(b.backupId()).orElseThrow();
    }

    Replicator replicator(ObjectStore store, AgeRecipients recipients) {
        return replicator(backups, store, recipients, uploadedInOrder, failures);
    }

    /** A replicator of any backup directory that records what it uploads and what fails, in order. */
    static Replicator replicator(Path backups, ObjectStore store, AgeRecipients recipients,
            List<String> uploadedInOrder, List<String> failures) {
        return new Replicator(backups, store, recipients, new Replicator.Listener() {
            @Override
            public void uploaded(String relative, long plaintextBytes, long storedBytes, int parts) {
                uploadedInOrder.add(relative);
            }

            @Override
            public void failed(String relative, Exception error) {
                failures.add(relative + ": " + error.getMessage());
            }
        }, Clock.systemUTC());
    }

    /** A pass without retries or breaker: each file gets one attempt. */
    static Replicator.Pass once(Replicator r) throws IOException {
        return r.run(Replicator.Attempt::run);
    }
}
