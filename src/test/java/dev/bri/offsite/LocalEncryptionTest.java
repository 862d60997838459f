package dev.bri.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bri.backup.BackupMetadata;
import dev.bri.backup.BackupStore;
import dev.bri.backup.LocalEncryption;
import dev.bri.backup.OfflineBackups;
import dev.bri.backup.RestoreFailure;
import dev.bri.backup.RestoreProgress;
import dev.bri.backup.Verification;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots encrypted on the local backup volume ({@code bri.backup.encryption.local}): written as age ciphertext that
 * the stock {@code age} tool decrypts, verified without the identity (ciphertext SHA-256) and with it (content),
 * restored only with the right identity, a modified file refused, and uploaded to the bucket as they are.
 */
class LocalEncryptionTest {

    @TempDir
    Path tmp;

    OffsiteFixture volumes;
    Keys keys;

    @BeforeEach
    void volumes() throws Exception {
        volumes = new OffsiteFixture(tmp.resolve("pod"));
        keys = Keys.generate(tmp);
    }

    /** The service's volumes with local encryption on; {@code identity} null: the pod holds no private key. */
    private OfflineBackups offline(Path identity) {
        return new OfflineBackups(volumes.data, volumes.backups, true, "test", List.of(),
                new LocalEncryption(keys.recipients(), identity));
    }

    @Test
    void aSnapshotIsStoredAsAgeCiphertextThatTheStockAgeToolDecryptsIntoADatabasePassingIntegrityCheck()
            throws Exception {
        volumes.insert(120);
        BackupMetadata b = offline(null).create("cli");

        assertThat(b.encrypted()).isTrue();
        assertThat(b.encryption().format()).isEqualTo(LocalEncryption.FORMAT);
        Path file = volumes.backups.resolve(b.file());
        byte[] head = new byte[21];
        try (InputStream in = Files.newInputStream(file)) {
            assertThat(in.read(head)).isEqualTo(21);
        }
        assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1");
        assertThat(Files.size(file)).isEqualTo(b.encryption().bytes());
        // what the sidecar says on disk, read back
        assertThat(new BackupStore(volumes.backups).read(b.backupId()).orElseThrow().encryption())
                .isEqualTo(b.encryption());

        Path gz = tmp.resolve("decrypted.db.gz");
        run("age", "--decrypt", "--identity", keys.identityFile().toString(), "--output", gz.toString(),
                file.toString());
        assertThat(Replicator.sha256(gz)).isEqualTo(b.sha256());
        Path db = tmp.resolve("decrypted.db");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz));
                OutputStream out = Files.newOutputStream(db)) {
            in.transferTo(out);
        }
        assertThat(run("sqlite3", db.toString(), "PRAGMA integrity_check;").trim()).isEqualTo("ok");
        assertThat(OffsiteFixture.count(db)).isEqualTo(120);
    }

    @Test
    void verificationChecksTheCiphertextWithoutTheIdentityAndTheContentWithItAndFindsAModifiedFile()
            throws Exception {
        volumes.insert(40);
        BackupMetadata b = offline(null).create("cli");

        Verification withoutIdentity = offline(null).verify(b.backupId());
        assertThat(withoutIdentity.passed()).as(withoutIdentity.detail()).isTrue();
        assertThat(withoutIdentity.detail()).contains("encrypted").contains("identity");
        Verification withIdentity = offline(keys.identityFile()).verify(b.backupId());
        assertThat(withIdentity.passed()).as(withIdentity.detail()).isTrue();
        assertThat(withIdentity.detail()).contains("integrity_check");

        Keys other = Keys.generate(tmp);
        Verification wrong = new OfflineBackups(volumes.data, volumes.backups, true, "test", List.of(),
                new LocalEncryption(keys.recipients(), other.identityFile())).verify(b.backupId());
        assertThat(wrong.passed()).isFalse();
        assertThat(wrong.detail()).contains("cannot open");

        flipAByteInTheMiddle(volumes.backups.resolve(b.file()));
        Verification tampered = offline(null).verify(b.backupId());
        assertThat(tampered.passed()).isFalse();
        assertThat(tampered.detail()).contains("checksum mismatch of the encrypted file");
        assertThat(offline(keys.identityFile()).verify(b.backupId()).passed()).isFalse();
    }

    @Test
    void aRestoreNeedsTheRightIdentityAndWithoutItChangesNothing() throws Exception {
        volumes.insert(10);
        BackupMetadata b = offline(null).create("cli");
        volumes.insert(5);
        int backupsBefore = offline(null).list().size();

        for (Path identity : new Path[]{null, Keys.generate(tmp).identityFile(), tmp.resolve("no-such-file")}) {
            assertThatThrownBy(() -> offline(identity).restore(b, RestoreProgress.NONE))
                    .as("identity %s", identity).isInstanceOfSatisfying(RestoreFailure.class,
                            f -> assertThat(f.outcome()).isEqualTo(RestoreFailure.Outcome.NOT_STARTED))
                    .hasMessageContaining("nothing was changed").hasMessageContaining("identity");
            assertThat(volumes.videos()).isEqualTo(15);
            assertThat(offline(null).list()).hasSize(backupsBefore);
            assertThat(offline(null).find(b.backupId()).orElseThrow().verification())
                    .isEqualTo(b.verification());
        }

        OfflineBackups.RestoreOutcome done = offline(keys.identityFile()).restore(b, RestoreProgress.NONE);
        assertThat(volumes.videos()).isEqualTo(10);
        // the safety backup of the state it replaced is encrypted like every snapshot
        assertThat(done.safety().encrypted()).isTrue();
    }

    @Test
    void aModifiedFileIsRefusedByARestore() throws Exception {
        volumes.insert(30);
        BackupMetadata b = offline(null).create("cli");
        volumes.insert(3);
        flipAByteInTheMiddle(volumes.backups.resolve(b.file()));

        assertThatThrownBy(() -> offline(keys.identityFile()).restore(b, RestoreProgress.NONE))
                .isInstanceOfSatisfying(RestoreFailure.class,
                        f -> assertThat(f.outcome()).isEqualTo(RestoreFailure.Outcome.REFUSED))
                .hasMessageContaining("nothing was changed");
        assertThat(volumes.videos()).isEqualTo(33);
    }

    @Test
    void theReplicatorUploadsAnEncryptedSnapshotAsItIsAndTheBucketRestoresIt() throws Exception {
        volumes.insert(60);
        BackupMetadata b = offline(null).create("cli");
        try (S3Server server = S3Server.s3proxy(tmp.resolve("s3"), ReplicatorTest.BUCKET);
                ObjectStore store = new ObjectStore(server.settings(ReplicatorTest.BUCKET, "bri"))) {
            Replicator.Pass pass = OffsiteFixture.once(volumes.replicator(store, keys.recipients()));
            assertThat(pass.failed()).as(String.valueOf(pass.lastError())).isZero();
            assertThat(pass.inSync()).isTrue();

            // not encrypted a second time: the object is the file on the volume, byte for byte
            ObjectStore.Head head = store.head(Replicator.objectName(b.file())).orElseThrow();
            assertThat(head.size()).isEqualTo(Files.size(volumes.backups.resolve(b.file())));
            assertThat(head.metadata().get(Replicator.META_SHA256)).isEqualTo(b.sha256());
            try (InputStream in = store.open(Replicator.objectName(b.file()))) {
                assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(volumes.backups.resolve(b.file())));
            }

            RemoteBackups remote = new RemoteBackups(store);
            Verification v = remote.verify(b.backupId(), keys.identity(), tmp);
            assertThat(v.passed()).as(v.detail()).isTrue();
            Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
            BackupMetadata fetched = remote.fetch(b.backupId(), new BackupStore(elsewhere), keys.identity());
            assertThat(fetched.encrypted()).isFalse();
            assertThat(new dev.bri.backup.BackupVerifier().verify(new BackupStore(elsewhere), b.backupId()).passed())
                    .isTrue();
        }
    }

    private static void flipAByteInTheMiddle(Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x55);
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
