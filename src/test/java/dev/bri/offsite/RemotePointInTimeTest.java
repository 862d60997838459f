package dev.bri.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup restore --from-s3 --at=TIME}: a real continuously archived database replicated to a real S3Proxy,
 * then rebuilt to chosen instants from the bucket alone (empty data and backup volumes), through the CLI in its own
 * process; a hole in the bucket's archive, a time before it, and a tampered segment are refused with nothing
 * restored.
 */
class RemotePointInTimeTest {

    static final String BUCKET = "offsite-pitr";

    @TempDir
    Path tmp;

    S3Server server;
    ObjectStore store;
    Keys keys;
    OffsiteCli cli;
    Instant beforeArchive;
    List<ArchivedVolumes.Observed> observed;

    @BeforeEach
    void start() throws Exception {
        server = S3Server.s3proxy(tmp.resolve("s3"), BUCKET);
        store = new ObjectStore(server.settings(BUCKET, "bri"));
        keys = Keys.generate(tmp);
        cli = new OffsiteCli(server.endpoint(), BUCKET, "bri", tmp.resolve("cli"));
        beforeArchive = Instant.now();
        try (ArchivedVolumes pod = new ArchivedVolumes(tmp.resolve("pod"))) {
            for (int i = 0; i < 6; i++) {
                pod.writeAndSeal(4, 10);
            }
            observed = List.copyOf(pod.observed);
            Replicator.Pass pass = OffsiteFixture.once(OffsiteFixture.replicator(pod.backups, store,
                    keys.recipients(), new java.util.ArrayList<>(), new java.util.ArrayList<>()));
            assertThat(pass.inSync()).as(String.valueOf(pass)).isTrue();
        }
        // the whole pod is gone: only the bucket is left
        RemoteBackups.deleteTree(tmp.resolve("pod"));
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        server.close();
    }

    private OffsiteCli.Run restore(Path root, String... args) throws Exception {
        String[] all = Stream.concat(Stream.of("backup", "restore", "--from-s3", "--identity-file",
                keys.identityFile().toString()), Stream.of(args)).toArray(String[]::new);
        return cli.run(root.resolve("data"), root.resolve("backups"), all);
    }

    private static List<String> filesIn(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private List<String> segmentObjects() throws Exception {
        return store.list("archive/").stream().map(ObjectStore.RemoteObject::key)
                .filter(k -> k.contains("/segments/")).sorted().toList();
    }

    @Test
    void rebuildsTheDatabaseAsItWasAtAnInstantFromTheBucketAloneIntoEmptyVolumes() throws Exception {
        ArchivedVolumes.Observed middle = observed.get(9);
        ArchivedVolumes.Observed last = observed.get(observed.size() - 1);

        Path plan = tmp.resolve("plan");
        OffsiteCli.Run dry = restore(plan, "--at=" + middle.at(), "--dry-run");
        assertThat(dry.code()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("downloaded chain chain-").contains("plan: chain chain-");
        assertThat(filesIn(plan)).as("a dry run leaves nothing behind").isEmpty();

        Path atMiddle = tmp.resolve("at-middle");
        OffsiteCli.Run run = restore(atMiddle, "--at=" + middle.at(), "--yes");
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("rebuilt").contains("integrity_check ok");
        assertThat(ArchivedVolumes.rows(atMiddle.resolve("data/bri.db"))).isEqualTo(middle.rows());
        assertThat(middle.rows()).isLessThan(last.rows());

        Path newest = tmp.resolve("latest");
        OffsiteCli.Run latest = restore(newest, "--at=latest", "--yes");
        assertThat(latest.code()).as(latest.toString()).isZero();
        assertThat(ArchivedVolumes.rows(newest.resolve("data/bri.db"))).isEqualTo(last.rows());

        Path toFile = tmp.resolve("inspect/at-first.db");
        OffsiteCli.Run file = restore(tmp.resolve("to-file"), "--at=" + observed.get(0).at(), "--to-file=" + toFile);
        assertThat(file.code()).as(file.toString()).isZero();
        assertThat(ArchivedVolumes.rows(toFile)).isEqualTo(observed.get(0).rows());
        assertThat(tmp.resolve("to-file/data/bri.db")).doesNotExist();
    }

    @Test
    void aHoleInTheBucketsArchiveATimeBeforeItAndATamperedSegmentAreRefusedWithNothingRestored() throws Exception {
        Path early = tmp.resolve("early");
        OffsiteCli.Run before = restore(early, "--at=" + beforeArchive.minusSeconds(3600), "--yes");
        assertThat(before.code()).as(before.toString()).isEqualTo(1);
        assertThat(before.err()).contains("refused: no archive in").contains("covers");
        assertThat(early.resolve("data/bri.db")).doesNotExist();

        List<String> segments = segmentObjects();
        assertThat(segments).hasSizeGreaterThanOrEqualTo(6);
        Path object = server.objects().resolve(BUCKET).resolve("bri").resolve(segments.get(2));
        byte[] saved = Files.readAllBytes(object);
        try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
        Path tampered = tmp.resolve("tampered");
        OffsiteCli.Run bad = restore(tampered, "--at=latest", "--yes");
        assertThat(bad.code()).as(bad.toString()).isEqualTo(1);
        assertThat(bad.err()).contains("modified or damaged");
        assertThat(tampered.resolve("data/bri.db")).doesNotExist();
        Files.write(object, saved);

        store.delete(segments.get(2));
        Path holed = tmp.resolve("holed");
        OffsiteCli.Run gap = restore(holed, "--at=latest", "--yes");
        assertThat(gap.code()).as(gap.toString()).isEqualTo(1);
        assertThat(gap.err()).contains("refused").contains("missing segments");
        assertThat(holed.resolve("data/bri.db")).doesNotExist();
        // a time before the hole is still reachable
        ArchivedVolumes.Observed first = observed.get(0);
        OffsiteCli.Run beforeHole = restore(holed, "--at=" + first.at(), "--yes");
        assertThat(beforeHole.code()).as(beforeHole.toString()).isZero();
        assertThat(ArchivedVolumes.rows(holed.resolve("data/bri.db"))).isEqualTo(first.rows());
    }
}
