package dev.bri.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.archive.ArchiveStore;
import dev.bri.archive.ChainId;
import dev.bri.archive.PointInTime;
import dev.bri.backup.BackupMetadata;
import dev.bri.backup.BackupStore;
import dev.bri.backup.RetentionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention applied to the bucket ({@link RemoteRetention}) against real servers: backups out of the rules are
 * deleted and the rest kept, a fresh volume deletes nothing, archive chains go only once they are out of the archive
 * window and never the newest one (its base snapshot included, so the bucket stays restorable), and nothing under
 * Object Lock retention is deleted (S3Mock, which keeps the retention set on upload).
 */
class RemoteRetentionTest {

    /** Keep the newest two regular backups, nothing by age. */
    static final RetentionPolicy KEEP_TWO = new RetentionPolicy(0, 2, 0, 0, 0, 7, 3);
    static final Duration WINDOW = Duration.ofDays(7);

    @TempDir
    Path tmp;

    private static List<String> ids(RemoteBackups remote) throws Exception {
        return remote.list().stream().map(RemoteBackups.RemoteBackup::id).toList();
    }

    /** Four verified backups in the bucket; the local volume, like local retention, keeps only the newest. */
    private List<BackupMetadata> fourBackupsOnlyTheNewestStillLocal(ObjectStore store, OffsiteFixture pod, Keys keys)
            throws Exception {
        List<BackupMetadata> made = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pod.insert(10);
            made.add(pod.backup());
        }
        Replicator.Pass pass = OffsiteFixture.once(pod.replicator(store, keys.recipients()));
        assertThat(pass.inSync()).isTrue();
        for (BackupMetadata b : made.subList(0, 3)) {
            Files.delete(pod.backups.resolve(b.file()));
            Files.delete(pod.backups.resolve(b.id() + ".json"));
        }
        return made;
    }

    @Test
    void deletesBackupsTheRulesNoLongerKeepButNothingFromAFreshVolumeAndNothingStillLocal() throws Exception {
        try (S3Server server = S3Server.s3proxy(tmp.resolve("s3"), "retention");
                ObjectStore store = new ObjectStore(server.settings("retention", "bri"))) {
            OffsiteFixture pod = new OffsiteFixture(tmp.resolve("pod"));
            List<BackupMetadata> made = fourBackupsOnlyTheNewestStillLocal(store, pod, Keys.generate(tmp));
            RemoteBackups remote = new RemoteBackups(store);

            RemoteRetention.Outcome fresh = RemoteRetention.apply(remote, store,
                    new BackupStore(Files.createDirectories(tmp.resolve("fresh-volume"))),
                    new RetentionPolicy(0, 0, 0, 0, 0, 0, 0), WINDOW, Instant.now());
            assertThat(fresh.deleted()).as("a volume without a verified backup never empties the bucket").isEmpty();
            assertThat(ids(remote)).hasSize(4);

            RemoteRetention.Outcome outcome = RemoteRetention.apply(remote, store, new BackupStore(pod.backups),
                    KEEP_TWO, WINDOW, Instant.now());
            assertThat(outcome.deleted()).containsExactlyInAnyOrder(made.get(0).id(), made.get(1).id());
            assertThat(outcome.locked()).isEmpty();
            assertThat(ids(remote)).containsExactly(made.get(3).id(), made.get(2).id());
            assertThat(store.list("").stream().map(ObjectStore.RemoteObject::key))
                    .noneMatch(k -> k.startsWith(made.get(0).id()) || k.startsWith(made.get(1).id()));

            // a backup still on the volume stays in the bucket whatever the rules say
            RemoteRetention.Outcome keepNone = RemoteRetention.apply(remote, store, new BackupStore(pod.backups),
                    new RetentionPolicy(0, 0, 0, 0, 0, 0, 0), WINDOW, Instant.now());
            assertThat(keepNone.deleted()).containsExactly(made.get(2).id());
            assertThat(ids(remote)).containsExactly(made.get(3).id());
        }
    }

    @Test
    void archiveChainsGoOnlyOutsideTheWindowAndNeverTheNewestWhichStaysRestorable() throws Exception {
        try (S3Server server = S3Server.s3proxy(tmp.resolve("s3"), "chains");
                ObjectStore store = new ObjectStore(server.settings("chains", "bri"))) {
            Keys keys = Keys.generate(tmp);
            long lastRows;
            try (ArchivedVolumes pod = new ArchivedVolumes(tmp.resolve("pod"), Duration.ZERO)) {
                for (int i = 0; i < 3; i++) {
                    pod.writeAndSeal(3, 5);
                }
                lastRows = pod.observed.get(pod.observed.size() - 1).rows();
                assertThat(OffsiteFixture.once(OffsiteFixture.replicator(pod.backups, store, keys.recipients(),
                        new ArrayList<>(), new ArrayList<>())).inSync()).isTrue();
            }
            RemoteArchive archive = new RemoteArchive(store);
            List<String> chains = archive.chainNames();
            assertThat(chains).as("a new chain after every seal").hasSizeGreaterThanOrEqualTo(3);
            // the volume now: a verified backup, none of these chains (as after a restore into new volumes)
            OffsiteFixture other = new OffsiteFixture(tmp.resolve("new-volumes"));
            other.insert(1);
            other.backup();
            BackupStore local = new BackupStore(other.backups);
            RemoteBackups remote = new RemoteBackups(store);

            RemoteRetention.Outcome inWindow = RemoteRetention.apply(remote, store, local, KEEP_TWO, WINDOW,
                    Instant.now());
            assertThat(inWindow.deleted()).as("every chain covers times inside the window").isEmpty();
            assertThat(archive.chainNames()).isEqualTo(chains);

            // the window starts between the second and third chain's start: only the first chain is out of it
            Instant second = RemoteRetention.startedAt(store, chains.get(1));
            Instant third = RemoteRetention.startedAt(store, chains.get(2));
            assertThat(third).isAfter(second);
            Instant now = Instant.now();
            Duration window = Duration.between(second.plus(Duration.between(second, third).dividedBy(2)), now);
            RemoteRetention.Outcome firstOut = RemoteRetention.apply(remote, store, local, KEEP_TWO, window, now);
            assertThat(firstOut.deleted()).containsExactly("archive/" + chains.get(0));
            assertThat(store.list("archive/" + chains.get(0) + "/")).isEmpty();
            assertThat(archive.chainNames()).isEqualTo(chains.subList(1, chains.size()));

            // with no window at all, everything but the newest chain goes; the newest keeps its base snapshot
            RemoteRetention.Outcome all = RemoteRetention.apply(remote, store, local, KEEP_TWO, Duration.ZERO,
                    Instant.now());
            String newest = chains.get(chains.size() - 1);
            assertThat(archive.chainNames()).containsExactly(newest);
            assertThat(all.deleted()).doesNotContain("archive/" + newest);
            assertThat(store.list("archive/" + newest + "/base/")).hasSize(2);

            // and the bucket still rebuilds the newest state
            Path restoreDir = tmp.resolve("restore/backups");
            archive.fetch(new ChainId(newest), restoreDir, keys.identity());
            PointInTime pitr = new PointInTime(new ArchiveStore(restoreDir), null);
            Path rebuilt = tmp.resolve("restore/bri.db");
            pitr.rebuild(pitr.plan(null), rebuilt);
            assertThat(ArchivedVolumes.rows(rebuilt)).isEqualTo(lastRows);
        }
    }

    @Test
    void nothingUnderObjectLockRetentionIsDeleted() throws Exception {
        try (S3Server server = S3Server.s3mock(tmp.resolve("s3"))) {
            server.createBucket("locked", true);
            S3Settings plain = server.settings("locked", "bri");
            S3Settings locked = new S3Settings(plain.endpoint(), plain.bucket(), plain.prefix(), plain.region(), true,
                    plain.partSizeBytes(), Duration.ofSeconds(30), "GOVERNANCE", 3, plain.credentials());
            OffsiteFixture pod = new OffsiteFixture(tmp.resolve("pod"));
            try (ObjectStore store = new ObjectStore(locked)) {
                List<BackupMetadata> made = fourBackupsOnlyTheNewestStillLocal(store, pod, Keys.generate(tmp));
                RemoteBackups remote = new RemoteBackups(store);
                RemoteRetention.Outcome outcome = RemoteRetention.apply(remote, store, new BackupStore(pod.backups),
                        KEEP_TWO, WINDOW, Instant.now());
                assertThat(outcome.deleted()).isEmpty();
                assertThat(outcome.locked()).hasSize(2).allMatch(l -> l.contains("Object Lock until"));
                assertThat(ids(remote)).hasSize(4);

                // once the retention has run out (seen from three days and a minute later) the rules apply again
                RemoteRetention.Outcome later = RemoteRetention.apply(remote, store, new BackupStore(pod.backups),
                        KEEP_TWO, WINDOW, Instant.now().plus(Duration.ofDays(3)).plusSeconds(60));
                assertThat(later.locked()).isEmpty();
                assertThat(later.deleted()).containsExactlyInAnyOrder(made.get(0).id(), made.get(1).id());
                assertThat(new TreeSet<>(ids(remote))).containsExactlyInAnyOrder(made.get(2).id(), made.get(3).id());
            }
        }
    }
}
