package dev.bri.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.backup.BackupMetadata;
import dev.bri.backup.BackupStore;
import dev.bri.erasure.ErasureLedger;
import dev.bri.erasure.LedgerEntry;
import dev.bri.storage.Timestamps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline CLI restore applies the erasure ledger again: a database with the service's real schema, a backup
 * taken before an erasure, restored by the CLI; and a ledger damaged in its middle refuses the restore.
 */
class OfflineRestoreErasureTest {

    @TempDir
    Path tmp;

    private Path data;
    private Path backups;
    private ErasureLedger ledger;

    @BeforeEach
    void database() throws Exception {
        data = tmp.resolve("data");
        backups = tmp.resolve("backups");
        Files.createDirectories(data);
        Flyway.configure().dataSource(url(), null, null).locations("db/migration").load().migrate();
        ledger = new ErasureLedger(backups.resolve("ledger"));
        String t = Timestamps.now();
        sql("INSERT INTO videos (id, filename, duration_seconds, created_at, updated_at) VALUES "
                + "('vid-erased', 'a.mp4', 10, '" + t + "', '" + t + "'), "
                + "('vid-kept', 'b.mp4', 10, '" + t + "', '" + t + "')",
                "INSERT INTO memory_turns (video_seq, role, content, created_at) "
                        + "SELECT seq, 'user', 'private words', '" + t + "' FROM videos");
    }

    @Test
    void anErasureAfterTheBackupIsAppliedAgainByTheOfflineRestore() throws Exception {
        assertThat(cli("backup", "create")).isZero();
        String backupId = new BackupStore(backups).list().get(0).id();
        erase("vid-erased");
        assertThat(scalar("SELECT count(*) FROM videos")).isEqualTo(1);

        assertThat(cli("backup", "restore", backupId, "--yes")).isZero();

        assertThat(scalar("SELECT count(*) FROM videos WHERE id = 'vid-erased'")).isZero();
        assertThat(scalar("SELECT count(*) FROM videos WHERE id = 'vid-kept'")).isEqualTo(1);
        assertThat(scalar("SELECT count(*) FROM memory_turns")).as("the erased video's turns went with it")
                .isEqualTo(1);
        List<BackupMetadata> all = new BackupStore(backups).list();
        assertThat(all).anySatisfy(b -> assertThat(b.kind()).isEqualTo(dev.bri.backup.BackupKind.SAFETY));
    }

    @Test
    void aLedgerDamagedInItsMiddleRollsTheOfflineRestoreBack() throws Exception {
        assertThat(cli("backup", "create")).isZero();
        String backupId = new BackupStore(backups).list().get(0).id();
        erase("vid-erased");
        ledger.append(Timestamps.now(), LedgerEntry.VIDEO, "vid-other", null, null, "api");
        Path file = ledger.file();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, text.replaceFirst("vid-erased", "vid-Erased"), StandardCharsets.UTF_8);

        assertThat(cli("backup", "restore", backupId, "--yes")).isEqualTo(Exit.FAILED);

        assertThat(scalar("SELECT count(*) FROM videos")).as("rolled back to the state before").isEqualTo(1);
    }

    /** What the service's erasure does: the ledger record first, then the delete. */
    private void erase(String videoId) throws Exception {
        ledger.append(Timestamps.now(), LedgerEntry.VIDEO, videoId, null, "req-test", "api");
        sql("PRAGMA foreign_keys = ON", "DELETE FROM videos WHERE id = '" + videoId + "'");
    }

    private String url() {
        return "jdbc:sqlite:" + data.resolve("bri.db");
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = new org.sqlite.SQLiteConfig().createConnection(url()); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private long scalar(String query) throws Exception {
        try (Connection c = new org.sqlite.SQLiteConfig().createConnection(url());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private int cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = data.toString();
        all[args.length + 2] = "--backup-dir";
        all[args.length + 3] = backups.toString();
        return BriCli.run(all);
    }
}
