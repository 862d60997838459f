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

    private StoppedService files;
    private ErasureLedger ledger;

    @BeforeEach
    void database() throws Exception {
        files = StoppedService.in(tmp);
        Flyway.configure().dataSource(files.url(), null, null).locations("db/migration").load().migrate();
        ledger = new ErasureLedger(files.backups().resolve("ledger"));
        String t = Timestamps.now();
        files.sql("INSERT INTO videos (id, filename, duration_seconds, created_at, updated_at) VALUES "
                + "('vid-erased', 'a.mp4', 10, '" + t + "', '" + t + "'), "
                + "('vid-kept', 'b.mp4', 10, '" + t + "', '" + t + "')",
                "INSERT INTO memory_turns (video_seq, role, content, created_at) "
                        + "SELECT seq, 'user', 'private words', '" + t + "' FROM videos");
    }

    @Test
    void anErasureAfterTheBackupIsAppliedAgainByTheOfflineRestore() throws Exception {
        assertThat(files.cli("backup", "create")).isZero();
        String backupId = new BackupStore(files.backups()).list().get(0).id();
        erase("vid-erased");
        assertThat(files.scalar("SELECT count(*) FROM videos")).isEqualTo(1);

        assertThat(files.cli("backup", "restore", backupId, "--yes")).isZero();

        assertThat(files.scalar("SELECT count(*) FROM videos WHERE id = 'vid-erased'")).isZero();
        assertThat(files.scalar("SELECT count(*) FROM videos WHERE id = 'vid-kept'")).isEqualTo(1);
        assertThat(files.scalar("SELECT count(*) FROM memory_turns")).as("the erased video's turns went with it")
                .isEqualTo(1);
        List<BackupMetadata> all = new BackupStore(files.backups()).list();
        assertThat(all).anySatisfy(b -> assertThat(b.kind()).isEqualTo(dev.bri.backup.BackupKind.SAFETY));
    }

    @Test
    void aLedgerDamagedInItsMiddleRollsTheOfflineRestoreBack() throws Exception {
        assertThat(files.cli("backup", "create")).isZero();
        String backupId = new BackupStore(files.backups()).list().get(0).id();
        erase("vid-erased");
        ledger.append(Timestamps.now(), LedgerEntry.VIDEO, "vid-other", null, null, "api");
        Path file = ledger.file();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, text.replaceFirst("vid-erased", "vid-Erased"), StandardCharsets.UTF_8);

        assertThat(files.cli("backup", "restore", backupId, "--yes")).isEqualTo(Exit.FAILED);

        assertThat(files.scalar("SELECT count(*) FROM videos")).as("rolled back to the state before").isEqualTo(1);
    }

    /** What the service's erasure does: the ledger record first, then the delete. */
    private void erase(String videoId) throws Exception {
        ledger.append(Timestamps.now(), LedgerEntry.VIDEO, videoId, null, "req-test", "api");
        files.sql("PRAGMA foreign_keys = ON", "DELETE FROM videos WHERE id = '" + videoId + "'");
    }

}
