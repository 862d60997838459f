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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on the files of a stopped service: real SQLite files, a real second process holding the database. */
class BriCliOfflineTest {

    @TempDir
    Path tmp;

    private Path data;
    private Path backups;

    @BeforeEach
    void database() throws Exception {
        data = tmp.resolve("data");
        backups = tmp.resolve("backups");
        java.nio.file.Files.createDirectories(data);
        sql("PRAGMA journal_mode=WAL", "CREATE TABLE videos (seq INTEGER PRIMARY KEY, id TEXT)",
                "INSERT INTO videos (id) VALUES ('a'), ('b')");
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + data.resolve("bri.db"));
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private long videos() throws Exception {
        try (Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + data.resolve("bri.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM videos")) {
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

    @Test
    void createListVerifyRestoreAndHealthOnAStoppedService() throws Exception {
        assertThat(cli("health")).as("no backup yet: degraded").isEqualTo(1);
        assertThat(cli("backup", "create", "--verify", "--cleanup")).isZero();
        List<BackupMetadata> list = new BackupStore(backups).list();
        assertThat(list).hasSize(1);
        BackupMetadata first = list.get(0);
        assertThat(first.trigger()).isIn("cli", "job");
        assertThat(first.verification().status()).isEqualTo("passed");
        assertThat(first.rowCounts()).containsEntry("videos", 2L);
        assertThat(cli("health")).isZero();
        assertThat(cli("backup", "list", "--json")).isZero();
        assertThat(cli("backup", "list")).isZero();
        sql("INSERT INTO videos (id) VALUES ('c')");
        Thread.sleep(2); // ids carry milliseconds: keep the two backups apart in time
        assertThat(cli("backup", "create")).isZero();
        assertThat(cli("backup", "verify", "--all")).isZero();
        assertThat(cli("backup", "restore", "--latest")).as("needs --yes").isEqualTo(2);
        assertThat(cli("backup", "restore", "--at", first.createdAt(), "--dry-run")).isZero();
        assertThat(videos()).isEqualTo(3);
        assertThat(cli("backup", "restore", "--at", first.createdAt(), "--yes")).isZero();
        assertThat(videos()).isEqualTo(2);
        assertThat(new BackupStore(backups).list()).anyMatch(b -> b.kind() == dev.bri.backup.BackupKind.SAFETY);
        assertThat(cli("backup", "restore", "--latest", "--yes")).isZero();
        assertThat(videos()).isEqualTo(3);
        assertThat(cli("backup", "verify", "../../etc/passwd")).isEqualTo(2);
        assertThat(cli("backup", "restore", "--at", "yesterday", "--yes")).isEqualTo(2);
        assertThat(cli("backup", "frobnicate")).isEqualTo(2);
    }

    @Test
    void aCorruptedBackupFailsVerifyAndIsNotRestored() throws Exception {
        assertThat(cli("backup", "create")).isZero();
        BackupMetadata b = new BackupStore(backups).list().get(0);
        try (RandomAccessFile raf = new RandomAccessFile(backups.resolve(b.file()).toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            int v = raf.read();
            raf.seek(raf.length() / 2);
            raf.write(v ^ 0x10);
        }
        sql("INSERT INTO videos (id) VALUES ('after')");
        assertThat(cli("backup", "verify", b.id())).isEqualTo(1);
        assertThat(cli("backup", "verify", "--all")).isEqualTo(1);
        assertThat(cli("backup", "restore", b.id(), "--yes")).isEqualTo(1);
        assertThat(videos()).as("nothing changed").isEqualTo(3);
    }

    @Test
    void refusesADatabaseAnotherProcessHasOpen() throws Exception {
        assertThat(cli("backup", "create")).isZero();
        // a real second process (the sqlite3 shell) with the database open in WAL mode
        Process shell = new ProcessBuilder("sqlite3", data.resolve("bri.db").toString())
                .redirectErrorStream(true).start();
        try {
            OutputStream in = shell.getOutputStream();
            in.write("SELECT count(*) FROM videos;\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            // wait until the shell has answered: it has the database open from then on
            byte[] buf = new byte[16];
            int n = shell.getInputStream().read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.UTF_8).trim()).isEqualTo("2");
            assertThat(cli("backup", "create")).isEqualTo(3);
            assertThat(cli("backup", "restore", "--latest", "--yes")).isEqualTo(3);
        } finally {
            shell.getOutputStream().close();
            shell.waitFor(1, TimeUnit.MINUTES);
        }
        assertThat(cli("backup", "create")).isZero();
    }

    @Test
    void refusesWhileTheServiceHoldsTheDataDirectoryAndHoldsItWhileRestoring() throws Exception {
        assertThat(cli("backup", "create")).isZero();
        BackupMetadata backup = new BackupStore(backups).list().get(0);
        sql("INSERT INTO videos (id) VALUES ('c')");
        try (DataDirectoryLock service = DataDirectoryLock.acquire(data)) {
            assertThat(cli("backup", "restore", "--latest", "--yes")).isEqualTo(3);
            assertThat(cli("backup", "create")).isEqualTo(3);
        }
        assertThat(videos()).as("nothing was restored").isEqualTo(3);
        // during the restore the service could not have started: the data directory's lock is taken
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        RestoreHook probe = restored -> {
            try (DataDirectoryLock startingService = DataDirectoryLock.acquire(data)) {
                seen.add("service could start");
            } catch (DataDirectoryLock.InUseException e) {
                seen.add("service refused");
            }
        };
        OfflineBackups offline = new OfflineBackups(data, backups, true, "test", List.of(probe));
        List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
        offline.restore(backup, (step, detail) -> steps.add(step + ": " + detail));
        assertThat(seen).containsExactly("service refused");
        assertThat(videos()).isEqualTo(2);
        assertThat(steps).anyMatch(s -> s.startsWith("SAFETY_BACKUP")).anyMatch(s -> s.startsWith("DONE"));
        try (DataDirectoryLock afterwards = DataDirectoryLock.acquire(data)) {
            assertThat(afterwards).as("released when the restore ended").isNotNull();
        }
    }
}
