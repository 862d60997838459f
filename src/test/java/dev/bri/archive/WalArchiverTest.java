package dev.bri.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bri.backup.BackupStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archiver and point-in-time rebuild on a real SQLite database written the way the service writes. */
class WalArchiverTest {

    @TempDir
    Path tmp;

    private final AtomicInteger completeCheckpoints = new AtomicInteger();
    private final AtomicInteger truncates = new AtomicInteger();
    private final List<String> stops = Collections.synchronizedList(new ArrayList<>());
    private final List<String> reasons = Collections.synchronizedList(new ArrayList<>());

    private WalArchiver archiver(ArchiveDb db, long checkpointPages, long maxWalBytes) {
        WalArchiver.Events events = new WalArchiver.Events() {
            @Override
            public void checkpointed(String mode, boolean complete, long walBytesBefore) {
                if (complete) {
                    completeCheckpoints.incrementAndGet();
                }
                if ("truncate".equals(mode)) {
                    truncates.incrementAndGet();
                }
            }

            @Override
            public void stopped(String code, String reason) {
                stops.add(code);
                reasons.add(reason);
            }
        };
        WalArchiver a = new WalArchiver(db.file, new ArchiveStore(tmp.resolve("backups")), Clock.systemUTC(),
                db.writes(), events, new WalArchiver.Options(true, Duration.ofSeconds(1), checkpointPages,
                        maxWalBytes, Duration.ofDays(1), Duration.ZERO, true, 1, "test"));
        db.attach(a);
        return a;
    }

    private PointInTime pitr() {
        return new PointInTime(new ArchiveStore(tmp.resolve("backups")), new BackupStore(tmp.resolve("backups")));
    }

    private ArchiveDb.Observed rebuilt(PointInTime.Plan plan) throws Exception {
        Path out = tmp.resolve("restored-" + System.nanoTime() + ".db");
        PointInTime.Rebuilt r = pitr().rebuild(plan, out);
        assertThat(r.sha256()).hasSize(64);
        return ArchiveDb.stateOf(out);
    }

    private void assertRestoresExactly(List<ArchiveDb.Observed> states, int samples, long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < samples; i++) {
            ArchiveDb.Observed expected = states.get(random.nextInt(states.size()));
            PointInTime.Plan plan = pitr().plan(expected.at());
            assertThat(rebuilt(plan)).as("state at %s", expected.at())
                    .isEqualTo(new ArchiveDb.Observed(null, expected.batches(), expected.items(), expected.idSum()));
        }
    }

    @Test
    void everyCommitIsArchivedAndEveryObservedInstantRebuildsExactly() throws Exception {
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            db.write(20); // before the first chain: these are in its base
            WalArchiver archiver = archiver(db, 40, 64L << 20);
            archiver.open();
            archiver.tick();
            assertThat(archiver.status().state()).isEqualTo("archiving");
            Random random = new Random(7);
            for (int round = 0; round < 60; round++) {
                db.write(1 + random.nextInt(12));
                archiver.tick();
            }
            archiver.close();
            assertThat(completeCheckpoints.get()).as("PASSIVE checkpoints completed and the WAL restarted")
                    .isGreaterThan(2);
            assertThat(stops).as("no chain was broken: %s", reasons).containsExactly("first_start");
            List<ArchiveDb.Observed> archived = db.observed.subList(20, db.observed.size());
            assertRestoresExactly(archived, 25, 11);
            PointInTime.Plan latest = pitr().plan(null);
            ArchiveDb.Observed last = db.observed.get(db.observed.size() - 1);
            assertThat(rebuilt(latest)).isEqualTo(new ArchiveDb.Observed(null, last.batches(), last.items(),
                    last.idSum()));
            assertThat(latest.reachedCommitAt()).isBefore(last.at());
        }
    }

    @Test
    void aCorruptedSegmentIsRefusedAndAMissingOneIsAGapNamedByItsRange() throws Exception {
        ArchiveStore store = new ArchiveStore(tmp.resolve("backups"));
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            WalArchiver archiver = archiver(db, 1000, 64L << 20);
            archiver.open();
            archiver.tick();
            for (int round = 0; round < 6; round++) {
                db.write(3);
                archiver.tick();
            }
            archiver.close();
        }
        ChainId chain = new ChainId(store.chains().get(0).id());
        List<ArchiveStore.SegmentRef> segments = store.segments(chain);
        assertThat(segments).hasSizeGreaterThanOrEqualTo(6);
        Path victim = segments.get(3).file();
        try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
            f.seek(200);
            int b = f.read();
            f.seek(200);
            f.write(b ^ 0x01);
        }
        PointInTime.Plan plan = pitr().plan(null);
        assertThatThrownBy(() -> pitr().rebuild(plan, tmp.resolve("out.db")))
                .isInstanceOf(SegmentFile.CorruptSegmentException.class)
                .hasMessageContaining(victim.getFileName().toString());
        assertThat(tmp.resolve("out.db")).doesNotExist();

        Files.delete(victim);
        assertThatThrownBy(() -> pitr().plan(null)).isInstanceOf(PointInTime.GapException.class)
                .hasMessageContaining("missing segments 3-3");
    }

    @Test
    void aWalResetTheArchiverDidNotCauseStartsANewChainAndLosesNothing() throws Exception {
        ArchiveStore store = new ArchiveStore(tmp.resolve("backups"));
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            WalArchiver archiver = archiver(db, 100_000, 64L << 20);
            archiver.open();
            archiver.tick();
            db.write(5);
            try (var s = db.connection().createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)"); // someone else checkpoints: frames never archived
            }
            db.write(5);
            assertThat(archiver.status().state()).isEqualTo("stopped");
            assertThat(archiver.status().reasonCode()).isEqualTo("wal_reset");
            archiver.tick();
            assertThat(archiver.status().state()).isEqualTo("archiving");
            db.write(5);
            archiver.tick();
            archiver.close();
            assertThat(store.chains()).hasSize(2);
            ArchiveDb.Observed last = db.observed.get(db.observed.size() - 1);
            assertThat(rebuilt(pitr().plan(null))).isEqualTo(new ArchiveDb.Observed(null, last.batches(),
                    last.items(), last.idSum()));
        }
    }

    @Test
    void afterACrashTheChainResumesWithoutAGapAndKeepsTheCommitTimes() throws Exception {
        ArchiveStore store = new ArchiveStore(tmp.resolve("backups"));
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            WalArchiver first = archiver(db, 30, 64L << 20);
            first.open();
            first.tick();
            Random random = new Random(3);
            for (int round = 0; round < 10; round++) {
                db.write(1 + random.nextInt(8));
                first.tick();
            }
            db.write(7); // committed, in the unsealed segment only
            String chain = first.status().chain();
            first.abandon();

            WalArchiver second = archiver(db, 30, 64L << 20);
            second.open();
            assertThat(second.status().chain()).as("same chain").isEqualTo(chain);
            assertThat(second.status().unsealedTransactions()).isEqualTo(7);
            second.tick();
            for (int round = 0; round < 5; round++) {
                db.write(1 + random.nextInt(8));
                second.tick();
            }
            second.close();
            assertThat(store.chains()).hasSize(1);
            assertRestoresExactly(db.observed, 30, 5);
        }
    }
}
