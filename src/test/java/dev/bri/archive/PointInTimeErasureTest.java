package dev.bri.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.cli.BriCli;
import dev.bri.erasure.ErasureLedger;
import dev.bri.erasure.LedgerEntry;
import dev.bri.storage.Timestamps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * A point-in-time rebuild from the archive applies the erasure ledger: the archive still holds a video erased after
 * the time restored to, the rebuilt file does not; a ledger damaged in its middle refuses the rebuild.
 */
class PointInTimeErasureTest {

    @TempDir
    Path tmp;

    @Test
    void aVideoErasedAfterTheArchivedTimeIsNotInTheRebuiltFile() throws Exception {
        Path backups = tmp.resolve("backups");
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            Flyway.configure().dataSource("jdbc:sqlite:" + db.file, null, null).locations("db/migration")
                    .baselineOnMigrate(true).baselineVersion("0").load()
                    .migrate();
            String t = Timestamps.now();
            try (Statement s = db.connection().createStatement()) {
                s.execute("INSERT INTO videos (id, filename, duration_seconds, created_at, updated_at) VALUES "
                        + "('vid-erased', 'a.mp4', 10, '" + t + "', '" + t + "'), "
                        + "('vid-kept', 'b.mp4', 10, '" + t + "', '" + t + "')");
                s.execute("INSERT INTO memory_turns (video_seq, role, content, created_at) "
                        + "SELECT seq, 'user', 'private words', '" + t + "' FROM videos");
            }
            WalArchiver archiver = new WalArchiver(db.file, new ArchiveStore(backups), Clock.systemUTC(), db.writes(),
                    new WalArchiver.Events() {
                    }, new WalArchiver.Options(true, Duration.ofSeconds(1), 50, 64L << 20, Duration.ofDays(1),
                            Duration.ZERO, true, 1, "test"));
            db.attach(archiver);
            archiver.open();
            archiver.tick();
            db.write(2);
            archiver.tick();
            archiver.close();
        }
        // erased after the archived state: the archive still holds it
        new ErasureLedger(backups.resolve("ledger")).append(Timestamps.now(), LedgerEntry.VIDEO, "vid-erased", null,
                "req-1", "api");

        Path file = tmp.resolve("out/latest.db");
        assertThat(BriCli.run("backup", "restore", "--at=latest", "--to-file=" + file, "--backup-dir=" + backups))
                .isZero();
        assertThat(scalar(file, "SELECT count(*) FROM videos WHERE id = 'vid-erased'")).isZero();
        assertThat(scalar(file, "SELECT count(*) FROM videos WHERE id = 'vid-kept'")).isEqualTo(1);
        assertThat(scalar(file, "SELECT count(*) FROM memory_turns")).as("its turns went with it").isEqualTo(1);

        // a second record, then damage in the first one: the rebuild is refused before anything is written
        ErasureLedger ledger = new ErasureLedger(backups.resolve("ledger"));
        ledger.append(Timestamps.now(), LedgerEntry.VIDEO, "vid-other", null, "req-2", "api");
        String text = Files.readString(ledger.file(), StandardCharsets.UTF_8);
        Files.writeString(ledger.file(), text.replaceFirst("vid-erased", "vid-Erased"), StandardCharsets.UTF_8);
        Path second = tmp.resolve("out/second.db");
        assertThat(BriCli.run("backup", "restore", "--at=latest", "--to-file=" + second, "--backup-dir=" + backups))
                .isEqualTo(1);
        assertThat(second).doesNotExist();
    }

    private static long scalar(Path db, String query) throws Exception {
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
