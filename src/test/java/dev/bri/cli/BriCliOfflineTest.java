package dev.bri.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.backup.BackupMetadata;
import dev.bri.backup.BackupStore;
import dev.bri.backup.OfflineBackups;
import dev.bri.backup.RestoreHook;
import dev.bri.storage.DataDirectoryLock;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on the files of a stopped service: real SQLite files, a real second process holding the database. */
class BriCliOfflineTest {

    @TempDir
    Path tmp;

    private StoppedService files;

    @BeforeEach
    void database() throws Exception {
        files = StoppedService.in(tmp);
        files.sql("PRAGMA journal_mode=WAL", "CREATE TABLE videos (seq INTEGER PRIMARY KEY, id TEXT)",
                "INSERT INTO videos (id) VALUES ('a'), ('b')");
    }

    @Test
    void createListVerifyRestoreAndHealthOnAStoppedService() throws Exception {
        assertThat(files.cli("health")).as("no backup yet: degraded").isEqualTo(1);
        assertThat(files.cli("backup", "create", "--verify", "--cleanup")).isZero();
        List<BackupMetadata> list = new BackupStore(files.backups()).list();
        assertThat(list).hasSize(1);
        BackupMetadata first = list.get(0);
        assertThat(first.trigger()).isIn("cli", "job");
        assertThat(first.verification().status()).isEqualTo("passed");
        assertThat(first.rowCounts()).containsEntry("videos", 2L);
        assertThat(files.cli("health")).isZero();
        assertThat(files.cli("backup", "list", "--json")).isZero();
        assertThat(files.cli("backup", "list")).isZero();
        files.sql("INSERT INTO videos (id) VALUES ('c')");
        Thread.sleep(2); // ids carry milliseconds: keep the two backups apart in time
        assertThat(files.cli("backup", "create")).isZero();
        assertThat(files.cli("backup", "verify", "--all")).isZero();
        assertThat(files.cli("backup", "restore", "--latest")).as("needs --yes").isEqualTo(2);
        assertThat(files.cli("backup", "restore", "--at", first.createdAt(), "--dry-run")).isZero();
        assertThat(files.scalar("SELECT count(*) FROM videos")).isEqualTo(3);
        assertThat(files.cli("backup", "restore", "--at", first.createdAt(), "--yes")).isZero();
        assertThat(files.scalar("SELECT count(*) FROM videos")).isEqualTo(2);
        assertThat(new BackupStore(files.backups()).list()).anyMatch(b -> b.kind() == dev.bri.backup.BackupKind.SAFETY);
        assertThat(files.cli("backup", "restore", "--latest", "--yes")).isZero();
        assertThat(files.scalar("SELECT count(*) FROM videos")).isEqualTo(3);
        assertThat(files.cli("backup", "verify", "../../etc/passwd")).isEqualTo(2);
        assertThat(files.cli("backup", "restore", "--at", "yesterday", "--yes")).isEqualTo(2);
        assertThat(files.cli("backup", "frobnicate")).isEqualTo(2);
    }

    @Test
    void aCorruptedBackupFailsVerifyAndIsNotRestored() throws Exception {
        assertThat(files.cli("backup", "create")).isZero();
        BackupMetadata b = new BackupStore(files.backups()).list().get(0);
        try (RandomAccessFile raf = new RandomAccessFile(files.backups().resolve(b.file()).toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            int v = raf.read();
            raf.seek(raf.length() / 2);
            raf.write(v ^ 0x10);
        }
        files.sql("INSERT INTO videos (id) VALUES ('after')");
        assertThat(files.cli("backup", "verify", b.id())).isEqualTo(1);
        assertThat(files.cli("backup", "verify", "--all")).isEqualTo(1);
        assertThat(files.cli("backup", "restore", b.id(), "--yes")).isEqualTo(1);
        assertThat(files.scalar("SELECT count(*) FROM videos")).as("nothing changed").isEqualTo(3);
    }

    @Test
    void refusesADatabaseAnotherProcessHasOpen() throws Exception {
        assertThat(files.cli("backup", "create")).isZero();
        // a real second process (the sqlite3 shell) with the database open in WAL mode
        Process shell = new ProcessBuilder("sqlite3", files.data().resolve("bri.db").toString())
                .redirectErrorStream(true).start();
        try {
            OutputStream in = shell.getOutputStream();
            in.write("SELECT count(*) FROM videos;\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            // wait until the shell has answered: it has the database open from then on
            byte[] buf = new byte[16];
            int n = shell.getInputStream().read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.UTF_8).trim()).isEqualTo("2");
            assertThat(files.cli("backup", "create")).isEqualTo(3);
            assertThat(files.cli("backup", "restore", "--latest", "--yes")).isEqualTo(3);
        } finally {
            shell.getOutputStream().close();
            shell.waitFor(1, TimeUnit.MINUTES);
        }
        assertThat(files.cli("backup", "create")).isZero();
    }

    @Test
    void refusesWhileTheServiceHoldsTheDataDirectoryAndHoldsItWhileRestoring() throws Exception {
        assertThat(files.cli("backup", "create")).isZero();
        BackupMetadata backup = new BackupStore(files.backups()).list().get(0);
        files.sql("INSERT INTO videos (id) VALUES ('c')");
        try (DataDirectoryLock service = DataDirectoryLock.acquire(files.data())) {
            assertThat(files.cli("backup", "restore", "--latest", "--yes")).isEqualTo(3);
            assertThat(files.cli("backup", "create")).isEqualTo(3);
        }
        assertThat(files.scalar("SELECT count(*) FROM videos")).as("nothing was restored").isEqualTo(3);
        // during the restore the service could not have started: the data directory's lock is taken
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        RestoreHook probe = restored -> {
            try (DataDirectoryLock startingService = DataDirectoryLock.acquire(files.data())) {
                seen.add("service could start");
            } catch (DataDirectoryLock.InUseException e) {
                seen.add("service refused");
            }
        };
        OfflineBackups offline = new OfflineBackups(files.data(), files.backups(), true, "test", List.of(probe));
        List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
        offline.restore(backup, (step, detail) -> steps.add(step + ": " + detail));
        assertThat(seen).containsExactly("service refused");
        assertThat(files.scalar("SELECT count(*) FROM videos")).isEqualTo(2);
        assertThat(steps).anyMatch(s -> s.startsWith("SAFETY_BACKUP")).anyMatch(s -> s.startsWith("DONE"));
        try (DataDirectoryLock afterwards = DataDirectoryLock.acquire(files.data())) {
            assertThat(afterwards).as("released when the restore ended").isNotNull();
        }
    }
}
