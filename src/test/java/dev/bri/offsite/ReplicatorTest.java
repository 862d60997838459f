package dev.bri.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.backup.BackupMetadata;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replicator against a real S3Proxy process: what is uploaded, in which order, encrypted how, and real faults. */
class ReplicatorTest {

    static final String BUCKET = "offsite-test";

    @TempDir
    Path tmp;

    S3Server server;
    ObjectStore store;
    OffsiteFixture volumes;
    Keys keys;

    @BeforeEach
    void start() throws Exception {
        server = S3Server.s3proxy(tmp.resolve("s3"), BUCKET);
        store = new ObjectStore(server.settings(BUCKET, "bri"));
        volumes = new OffsiteFixture(tmp.resolve("pod"));
        keys = Keys.generate(tmp);
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        server.close();
    }

    private List<String> remoteKeys() throws IOException {
        return store.list("").stream().map(ObjectStore.RemoteObject::key).sorted().toList();
    }

    @Test
    void uploadsEverySealedFileEncryptedAndCommitMarkersAfterWhatTheyCommit() throws Exception {
        volumes.insert(100);
        BackupMetadata b = volumes.backup();
        // work in progress and uncommitted files never leave the volume
        Files.writeString(volumes.backups.resolve(".tmp-backup-x.db.gz"), "partial");
        Files.writeString(volumes.backups.resolve("backup-20261201T000000000Z-abcdef.db.gz"), "no metadata yet");
        // the archive layout (see the archive feature): base snapshot, chain.json, segments; and a ledger file
        Path chain = Files.createDirectories(volumes.backups.resolve("archive/chain-20261203T000000000Z-0a0b0c"));
        Files.createDirectories(chain.resolve("base"));
        Files.createDirectories(chain.resolve("segments"));
        Files.copy(volumes.backups.resolve(b.file()), chain.resolve("base/" + b.file()));
        Files.copy(volumes.backups.resolve(b.id() + ".json"), chain.resolve("base/" + b.id() + ".json"));
        Files.writeString(chain.resolve("chain.json"), "{}");
        Files.writeString(chain.resolve("segments/000000000001-000000000001.seg"), "seg1");
        Files.writeString(chain.resolve("segments/000000000000-000000000000.seg"), "seg0");
        Files.writeString(chain.resolve("segments/000000000002-000000000002.seg.tmp"), "in progress");
        Files.writeString(volumes.backups.resolve("erasures.log"), "erase v1\n");

        Replicator.Pass pass = OffsiteFixture.once(volumes.replicator(store, keys.recipients()));

        assertThat(pass.failed()).isZero();
        assertThat(pass.inSync()).isTrue();
        String base = "archive/chain-20261203T000000000Z-0a0b0c/";
        assertThat(remoteKeys()).containsExactlyInAnyOrder(b.file() + ".age", b.id() + ".json.age",
                base + "base/" + b.file() + ".age", base + "base/" + b.id() + ".json.age", base + "chain.json.age",
                base + "segments/000000000000-000000000000.seg.age",
                base + "segments/000000000001-000000000001.seg.age", "erasures.log.age");
        List<String> order = volumes.uploadedInOrder;
        assertThat(order.indexOf(b.file())).isLessThan(order.indexOf(b.id() + ".json"));
        assertThat(order.indexOf(base + "base/" + b.id() + ".json")).isLessThan(order.indexOf(base + "chain.json"));
        assertThat(order.indexOf(base + "chain.json"))
                .isLessThan(order.indexOf(base + "segments/000000000000-000000000000.seg"));
        assertThat(order.indexOf(base + "segments/000000000000-000000000000.seg"))
                .isLessThan(order.indexOf(base + "segments/000000000001-000000000001.seg"));
        // stored encrypted: the age header, and not one byte of the SQLite header
        Path stored = server.objects().resolve(BUCKET).resolve("bri").resolve(b.id() + ".json.age");
        byte[] bytes = Files.readAllBytes(stored);
        assertThat(new String(bytes, 0, 21, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1");
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(b.sha256());
        // nothing changed: the next pass sends nothing
        assertThat(OffsiteFixture.once(volumes.replicator(store, keys.recipients())).uploaded()).isZero();
    }

    @Test
    void theStockAgeToolDecryptsAnUploadedBackupIntoADatabaseThatPassesIntegrityCheck() throws Exception {
        volumes.insert(250);
        BackupMetadata b = volumes.backup();
        OffsiteFixture.once(volumes.replicator(store, keys.recipients()));

        Path encrypted = tmp.resolve("download.age");
        try (var in = store.open(b.file() + ".age")) {
            Files.copy(in, encrypted);
        }
        Path gz = tmp.resolve("backup.db.gz");
        run("age", "--decrypt", "--identity", keys.identityFile().toString(), "--output", gz.toString(),
                encrypted.toString());
        run("gunzip", gz.toString());
        Path db = tmp.resolve("backup.db");
        assertThat(run("sqlite3", db.toString(), "PRAGMA integrity_check;").trim()).isEqualTo("ok");
        assertThat(OffsiteFixture.count(db)).isEqualTo(250);
    }

    @Test
    void aChangedFileIsUploadedAgainAndAnUnchangedOneNeverEvenAfterTheStateIsLost() throws Exception {
        volumes.insert(10);
        BackupMetadata b = volumes.backup();
        Path ledger = volumes.backups.resolve("erasures.log");
        Files.writeString(ledger, "erase v1\n");
        OffsiteFixture.once(volumes.replicator(store, keys.recipients()));
        String before = store.head("erasures.log.age").orElseThrow().metadata().get(Replicator.META_SHA256);

        Files.writeString(ledger, "erase v2\n", StandardOpenOption.APPEND);
        volumes.uploadedInOrder.clear();
        OffsiteFixture.once(volumes.replicator(store, keys.recipients()));
        assertThat(volumes.uploadedInOrder).containsExactly("erasures.log");
        assertThat(store.head("erasures.log.age").orElseThrow().metadata().get(Replicator.META_SHA256))
                .isEqualTo(Replicator.sha256(ledger)).isNotEqualTo(before);

        // a verification rewrites the metadata: the bucket learns the new status
        assertThat(store.head(b.id() + ".json.age").orElseThrow().metadata().get(Replicator.META_VERIFIED))
                .isEqualTo("passed");

        Files.delete(volumes.backups.resolve(ReplicationState.FILE));
        volumes.uploadedInOrder.clear();
        Replicator.Pass pass = OffsiteFixture.once(volumes.replicator(store, keys.recipients()));
        assertThat(pass.inSync()).isTrue();
        assertThat(volumes.uploadedInOrder).isEmpty();
    }

    @Test
    void serverKilledInTheMiddleOfAMultipartUploadThenRestartedCatchesUp() throws Exception {
        byte[] big = new byte[6 * S3Settings.MIN_PART_SIZE];
        new Random(7).nextBytes(big);
        Path ledger = volumes.backups.resolve("big-ledger.bin");
        Files.write(ledger, big);
        Path bucketDir = server.objects().resolve(BUCKET);
        // kill -9 as soon as the server holds anything of the upload: the first part (the object itself only
        // appears at completion, after the sixth part)
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
            try {
                while (true) {
                    try (Stream<Path> files = Files.walk(bucketDir)) {
                        if (files.anyMatch(Files::isRegularFile)) {
                            server.kill();
                            return;
                        }
                    }
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Replicator replicator = volumes.replicator(store, keys.recipients());
        Replicator.Pass failed = OffsiteFixture.once(replicator);
        killer.get(1, TimeUnit.MINUTES);

        assertThat(failed.failed()).isEqualTo(1);
        assertThat(failed.pending()).isEqualTo(1);
        assertThat(failed.oldestPending()).isNotNull();
        assertThat(volumes.failures).singleElement().asString().startsWith("big-ledger.bin");

        server.start();
        Replicator.Pass caughtUp = OffsiteFixture.once(replicator);
        assertThat(caughtUp.uploaded()).isEqualTo(1);
        assertThat(caughtUp.inSync()).isTrue();
        Path back = new RemoteBackups(store).download("big-ledger.bin", tmp, keys.identity());
        assertThat(Files.readAllBytes(back)).isEqualTo(big);
    }

    @Test
    void aSnapshotModifiedOnTheVolumeNeverBecomesAnObjectAndItsMetadataWaits() throws Exception {
        // random rows do not compress: a snapshot of three parts
        volumes.sql("CREATE TABLE noise (b BLOB)", "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                + "WHERE i < 3000) INSERT INTO noise SELECT randomblob(4096) FROM n");
        BackupMetadata b = volumes.backup();
        Path file = volumes.backups.resolve(b.file());
        assertThat(Files.size(file)).isGreaterThan(2L * S3Settings.MIN_PART_SIZE);
        // one byte near the end, same size: the parts before it are sent before the upload can tell
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() - 100;
            f.seek(at);
            int old = f.read();
            f.seek(at);
            f.write(old ^ 0x55);
        }

        Replicator.Pass pass = OffsiteFixture.once(volumes.replicator(store, keys.recipients()));

        assertThat(pass.failed()).isEqualTo(1);
        assertThat(pass.pending()).as("the snapshot and its metadata").isEqualTo(2);
        assertThat(volumes.failures).singleElement().asString().startsWith(b.file())
                .contains("does not match the SHA-256 its metadata records");
        assertThat(remoteKeys()).isEmpty();
        // the multipart upload was aborted: no part of it stays in the bucket
        try (Stream<Path> files = Files.walk(server.objects().resolve(BUCKET))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
        // and it is refused again on every pass, never uploaded as a good copy
        volumes.failures.clear();
        assertThat(OffsiteFixture.once(volumes.replicator(store, keys.recipients())).failed()).isEqualTo(1);
        assertThat(remoteKeys()).isEmpty();
    }

    @Test
    void aHangingServerTimesOutWithoutHoldingUpALocalBackupAndIsCaughtUpWhenItAnswersAgain() throws Exception {
        volumes.insert(20);
        try (ObjectStore impatient = new ObjectStore(server.settings(BUCKET, "bri")
                .withRequestTimeout(java.time.Duration.ofSeconds(2)))) {
            volumes.backup();
            server.pause();
            Replicator replicator = volumes.replicator(impatient, keys.recipients());
            CompletableFuture<Replicator.Pass> stuck = CompletableFuture.supplyAsync(() -> {
                try {
                    return OffsiteFixture.once(replicator);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            // a local backup while the upload hangs: it takes no lock the replicator holds
            volumes.insert(5);
            BackupMetadata local = volumes.backup();
            assertThat(local.verified()).isTrue();
            Replicator.Pass pass = stuck.get(5, TimeUnit.MINUTES);
            assertThat(pass.failed()).isPositive();
            assertThat(pass.inSync()).isFalse();

            server.resume();
            Replicator.Pass caughtUp = OffsiteFixture.once(replicator);
            assertThat(caughtUp.inSync()).isTrue();
            assertThat(new RemoteBackups(impatient).list()).extracting(RemoteBackups.RemoteBackup::id)
                    .contains(local.id());
        }
    }

    @Test
    void wrongCredentialsAndAMissingBucketFailWithAClearMessageAndUploadNothing() throws Exception {
        volumes.insert(3);
        volumes.backup();
        try (ObjectStore wrong = new ObjectStore(server.settings(BUCKET, "bri", S3Server.ACCESS_KEY, "not-it"))) {
            Replicator.Pass pass = OffsiteFixture.once(volumes.replicator(wrong, keys.recipients()));
            assertThat(pass.failed()).isPositive();
            assertThat(pass.lastError()).contains("access denied");
            assertThat(pass.inSync()).isFalse();
        }
        try (ObjectStore missing = new ObjectStore(server.settings("no-such-bucket", "bri"))) {
            Replicator.Pass pass = OffsiteFixture.once(volumes.replicator(missing, keys.recipients()));
            assertThat(pass.lastError()).contains("does the bucket exist");
            assertThat(org.junit.jupiter.api.Assertions.assertThrows(OffsiteException.class, missing::checkBucket))
                    .hasMessageContaining("no-such-bucket");
        }
        assertThat(remoteKeys()).isEmpty();
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    @Test
    void segmentsReachTheBucketInCommitOrderAndAFailedOneHoldsBackTheLaterOnesOfItsChain() throws Exception {
        Path backups;
        try (ArchivedVolumes pod = new ArchivedVolumes(tmp.resolve("archived"))) {
            for (int i = 0; i < 5; i++) {
                pod.writeAndSeal(2, 5);
            }
            backups = pod.backups;
        }
        List<String> uploaded = new java.util.ArrayList<>();
        Replicator replicator = OffsiteFixture.replicator(backups, store, keys.recipients(), uploaded,
                new java.util.ArrayList<>());
        // base file, base metadata, chain.json, segment 0, then the upload of segment 1 fails
        int[] calls = {0};
        Replicator.Pass first = replicator.run(attempt -> {
            if (++calls[0] == 5) {
                throw new IOException("connection reset by the test");
            }
            attempt.run();
        });
        List<String> segments = uploaded.stream().filter(f -> f.contains("/segments/")).toList();
        assertThat(segments).as("only segment 0 before the failed one").hasSize(1)
                .allMatch(f -> f.endsWith("/000000000000-000000000000.seg"));
        assertThat(first.failed()).isEqualTo(1);
        long sealed;
        try (Stream<Path> files = Files.walk(backups.resolve("archive"))) {
            sealed = files.filter(p -> p.getFileName().toString().endsWith(".seg")
                    && !p.getFileName().toString().startsWith(".")).count();
        }
        assertThat(sealed).isGreaterThanOrEqualTo(5);
        assertThat(first.pending()).as("the failed segment and every one after it").isEqualTo(sealed - 1);
        assertThat(first.oldestPending()).isNotNull();

        Replicator.Pass second = OffsiteFixture.once(replicator);
        assertThat(second.inSync()).isTrue();
        List<String> all = uploaded.stream().filter(f -> f.contains("/segments/")).toList();
        assertThat(all).hasSize((int) sealed).isSorted();
    }
}
