package dev.bri.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.backup.BackupMetadata;
import dev.bri.backup.Verification;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores from the bucket alone, through the CLI as an operator runs it ({@code backup list --remote},
 * {@code backup verify --remote}, {@code backup restore --from-s3}), against a real S3Proxy: empty volumes, a wrong or
 * missing identity, a tampered object.
 */
class DisasterRecoveryTest {

    static final String BUCKET = "offsite-dr";

    @TempDir
    Path tmp;

    S3Server server;
    ObjectStore store;
    OffsiteFixture pod;
    Keys keys;

    @BeforeEach
    void start() throws Exception {
        server = S3Server.s3proxy(tmp.resolve("s3"), BUCKET);
        store = new ObjectStore(server.settings(BUCKET, "bri"));
        pod = new OffsiteFixture(tmp.resolve("pod"));
        keys = Keys.generate(tmp);
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        server.close();
    }

    /** The CLI in its own process, as an operator runs it; credentials from the standard AWS variables. */
    private OffsiteCli.Run cli(Path data, Path backups, String... args) throws Exception {
        return new OffsiteCli(server.endpoint(), BUCKET, "bri", tmp.resolve("cli")).run(data, backups, args);
    }

    /** Two backups uploaded; returns the newer. */
    private BackupMetadata twoBackupsInTheBucket() throws Exception {
        pod.insert(40);
        pod.backup();
        pod.insert(60);
        BackupMetadata newest = pod.backup();
        Replicator.Pass pass = OffsiteFixture.once(pod.replicator(store, keys.recipients()));
        assertThat(pass.inSync()).isTrue();
        return newest;
    }

    private static List<String> filesIn(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void restoresTheNewestBackupFromTheBucketIntoEmptyVolumes() throws Exception {
        BackupMetadata newest = twoBackupsInTheBucket();
        Path data = tmp.resolve("new-pod/data");
        Path backups = tmp.resolve("new-pod/backups");

        OffsiteCli.Run list = cli(data, backups, "backup", "list", "--remote");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains(newest.id()).contains("passed");
        assertThat(list.out().lines().filter(l -> l.startsWith("backup-")).count()).isEqualTo(2);

        OffsiteCli.Run verify = cli(data, backups, "backup", "verify", "--remote", newest.id(), "--identity-file",
                keys.identityFile().toString());
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains(newest.id() + " passed");
        assertThat(filesIn(backups)).as("verify --remote leaves no file behind").isEmpty();

        OffsiteCli.Run restore = cli(data, backups, "backup", "restore", "--from-s3", "--latest", "--yes",
                "--identity-file",
                keys.identityFile().toString());
        assertThat(restore.code()).as(restore.out() + restore.err()).isZero();
        assertThat(restore.out()).contains("restored " + newest.id());
        assertThat(OffsiteFixture.count(data.resolve("bri.db"))).isEqualTo(100);
        // the downloaded backup is now an ordinary local backup
        assertThat(new dev.bri.backup.OfflineBackups(data, backups, true, "t").verify(newest.backupId()).passed())
                .isTrue();
    }

    @Test
    void restoresAChosenOlderBackupOverAnExistingDatabaseAfterASafetyBackup() throws Exception {
        twoBackupsInTheBucket();
        String older = new RemoteBackups(store).list().get(1).id();
        OffsiteCli.Run restore = cli(pod.data, tmp.resolve("other-backups"), "backup", "restore", "--from-s3", older,
                "--yes",
                "--identity-file", keys.identityFile().toString());
        assertThat(restore.code()).as(restore.out() + restore.err()).isZero();
        assertThat(restore.out()).contains("safety backup safety-");
        assertThat(pod.videos()).isEqualTo(40);
    }

    @Test
    void aWrongOrMissingIdentityIsRefusedClearlyAndTouchesNothing() throws Exception {
        twoBackupsInTheBucket();
        Path data = tmp.resolve("new-pod/data");
        Path backups = tmp.resolve("new-pod/backups");
        Keys other = Keys.generate(tmp);

        OffsiteCli.Run wrong = cli(data, backups, "backup", "restore", "--from-s3", "--latest", "--yes",
                "--identity-file",
                other.identityFile().toString());
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("refused").contains("cannot open").contains("nothing was changed");
        assertThat(wrong.err()).doesNotContain("AGE-SECRET-KEY");

        OffsiteCli.Run missing = cli(data, backups, "backup", "restore", "--from-s3", "--latest", "--yes",
                "--identity-file",
                tmp.resolve("nope.txt").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist");

        assertThat(filesIn(data)).isEmpty();
        assertThat(filesIn(backups)).isEmpty();
    }

    @Test
    void aTamperedObjectIsDetectedAtVerifyAndRestoreAndNothingIsRestored() throws Exception {
        BackupMetadata newest = twoBackupsInTheBucket();
        Path object = server.objects().resolve(BUCKET).resolve("bri").resolve(newest.file() + ".age");
        try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
        Verification v = new RemoteBackups(store).verify(newest.backupId(), keys.identity(), tmp);
        assertThat(v.passed()).isFalse();
        assertThat(v.detail()).contains("failed age authentication");

        Path data = tmp.resolve("new-pod/data");
        Path backups = tmp.resolve("new-pod/backups");
        OffsiteCli.Run verify = cli(data, backups, "backup", "verify", "--remote", newest.id(), "--identity-file",
                keys.identityFile().toString());
        assertThat(verify.code()).isEqualTo(1);
        assertThat(verify.out()).contains("failed").contains("modified or damaged");

        OffsiteCli.Run restore = cli(data, backups, "backup", "restore", "--from-s3", "--latest", "--yes",
                "--identity-file",
                keys.identityFile().toString());
        assertThat(restore.code()).isEqualTo(1);
        assertThat(restore.err()).contains("modified or damaged");
        assertThat(filesIn(data)).isEmpty();
        assertThat(filesIn(backups)).isEmpty();
    }
}
