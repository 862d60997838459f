package dev.bri.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.backup.BackupService;
import dev.bri.backup.BackupStore;
import dev.bri.backup.RetentionPolicy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bri.backup.s3.skip-remote-deletion=true}: the service never deletes from the bucket, even when local
 * retention has removed a backup that bucket retention would delete (checked against {@link RemoteRetention} on the
 * same bucket and volume), leaving expiry to the bucket's lifecycle rules.
 */
@QuarkusTest
@TestProfile(OffsiteSkipRemoteDeletionTest.Profile.class)
class OffsiteSkipRemoteDeletionTest {

    public static class Profile extends OffsiteProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bri.backup.s3.skip-remote-deletion", "true", "bri.backup.retention.keep-last", "1",
                    "bri.backup.retention.keep-days", "0");
        }
    }

    @Inject
    OffsiteReplication replication;

    @Inject
    BackupService backups;

    @Test
    void theServiceDeletesNothingFromTheBucketWhenDeletionIsLeftToItsLifecycleRules() throws Exception {
        String first = backups.create("api", true, false).backup().id();
        assertThat(replication.replicateNow().inSync()).isTrue();
        String second = backups.create("api", true, true).backup().id();
        assertThat(Files.exists(OffsiteServerResource.backupDir.resolve(first + ".json")))
                .as("local retention removed the older backup").isFalse();

        assertThat(replication.replicateNow().inSync()).isTrue();
        assertThat(replication.status().lastDeleted()).isEmpty();
        try (ObjectStore bucket = new ObjectStore(OffsiteServerResource.server.settings(OffsiteServerResource.BUCKET,
                "svc"))) {
            RemoteBackups remote = new RemoteBackups(bucket);
            assertThat(remote.list()).extracting(RemoteBackups.RemoteBackup::id).contains(first, second);
            // without the setting, bucket retention would have deleted it from this very bucket and volume
            RemoteRetention.Outcome wouldDelete = RemoteRetention.apply(remote, bucket,
                    new BackupStore(OffsiteServerResource.backupDir), new RetentionPolicy(0, 1, 0, 0, 0, 7, 3),
                    Duration.ofDays(7), Instant.now());
            assertThat(wouldDelete.deleted()).contains(first);
        }
    }
}
