package dev.bri.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.backup.BackupMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * The second target, Adobe S3Mock (a real process): it stores and returns SHA-256 checksums, so the replicator's
 * comparison of the composite checksum it computed for a multipart upload with the one the server kept is
 * exercised, and it accepts Object Lock, so the
 * retention set on upload can be read back. (No local server enforces Object Lock.)
 */
class S3MockTest {

    static final String BUCKET = "offsite-locked";

    @TempDir
    static Path tmp;

    static S3Server server;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.s3mock(tmp.resolve("s3"));
        server.createBucket(BUCKET, true);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void storedChecksumsMatchWhatWasSentAndObjectLockRetentionIsSetOnEveryUpload() throws Exception {
        S3Settings plain = server.settings(BUCKET, "locked");
        S3Settings locked = new S3Settings(plain.endpoint(), plain.bucket(), plain.prefix(), plain.region(), true,
                plain.partSizeBytes(), Duration.ofSeconds(30), "GOVERNANCE", 3, plain.credentials());
        OffsiteFixture pod = new OffsiteFixture(tmp.resolve("pod"));
        pod.insert(50);
        BackupMetadata b = pod.backup();
        byte[] big = new byte[2 * S3Settings.MIN_PART_SIZE + 1234];
        new Random(3).nextBytes(big);
        Files.write(pod.backups.resolve("ledger.bin"), big);
        Keys keys = Keys.generate(tmp);
        Instant before = Instant.now();

        try (ObjectStore store = new ObjectStore(locked); var s3 = server.client()) {
            Replicator.Pass pass = OffsiteFixture.once(pod.replicator(store, keys.recipients()));
            assertThat(pass.failed()).as(String.valueOf(pod.failures)).isZero();
            assertThat(pass.inSync()).isTrue();

            ObjectStore.Head multipart = store.head("ledger.bin.age").orElseThrow();
            assertThat(multipart.checksumSha256()).as("composite checksum of 3 parts").endsWith("-3");
            // S3Mock reports the checksum of multipart objects; for single PUTs it returns none, and the replicator
            // then relies on the server's check of the request's x-amz-checksum-sha256 (S3Proxy rejects a wrong one)

            for (String key : new String[]{b.file() + ".age", b.id() + ".json.age", "ledger.bin.age"}) {
                ObjectLockRetention retention;
                try {
                    retention = s3.getObjectRetention(r -> r.bucket(BUCKET).key("locked/" + key)).retention();
                } catch (RuntimeException e) {
                    throw new AssertionError(key + ": " + e.getMessage(), e);
                }
                assertThat(retention.mode()).as(key).isEqualTo(ObjectLockRetentionMode.GOVERNANCE);
                assertThat(retention.retainUntilDate()).as(key)
                        .isAfter(before.plus(Duration.ofDays(3)).minusSeconds(60))
                        .isBefore(Instant.now().plus(Duration.ofDays(3)).plusSeconds(60));
            }
            assertThat(new RemoteBackups(store).verify(b.backupId(), keys.identity(), tmp).passed()).isTrue();
            Path back = new RemoteBackups(store).download("ledger.bin", tmp, keys.identity());
            assertThat(Files.readAllBytes(back)).isEqualTo(big);
        }
    }
}
