package dev.bri.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bri.backup.BackupStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention enforces {@code bri.backup.archive.window} on whole chains (never the newest), compaction merges sealed
 * segments per minute and per hour, and every point still covered rebuilds exactly. A controlled clock stands for
 * days of archiving.
 */
class ArchiveMaintenanceTest {

    @TempDir
    Path tmp;

    /** A clock that moves 1 ms on every reading (commit times stay strictly ordered) and jumps when told. */
    static final class TestClock extends Clock {
        private final AtomicLong micros = new AtomicLong(Instant.parse("2026-11-01T00:00:00Z").toEpochMilli() * 1000);

        @Override
        public Instant instant() {
            long m = micros.addAndGet(1000);
            return Instant.ofEpochSecond(m / 1_000_000, (m % 1_000_000) * 1000);
        }

        void advance(Duration d) {
            micros.addAndGet(d.toNanos() / 1000);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void chainsOutsideTheWindowGoSegmentsAreCompactedAndEveryCoveredSecondStillRebuildsExactly() throws Exception {
        TestClock clock = new TestClock();
        ArchiveStore store = new ArchiveStore(tmp.resolve("backups"));
        PointInTime pitr = new PointInTime(store, new BackupStore(tmp.resolve("backups")));
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"), clock)) {
            WalArchiver archiver = new WalArchiver(db.file, store, clock, db.writes(), new WalArchiver.Events() {
            }, new WalArchiver.Options(true, Duration.ofMinutes(1), 40, 64L << 20, Duration.ofDays(1),
                    Duration.ZERO, true, 1, "test"));
            db.attach(archiver);
            archiver.open();
            archiver.tick(); // chain A, day 0
            int[] perChain = new int[3];
            for (int day = 0; day < 3; day++) {
                int before = db.observed.size();
                for (int round = 0; round < 40; round++) {
                    db.write(2);
                    clock.advance(Duration.ofSeconds(7)); // several seals per minute, minutes of them per hour
                    archiver.tick();
                }
                perChain[day] = db.observed.size() - before;
                if (day < 2) {
                    clock.advance(Duration.ofDays(2));
                    archiver.tick(); // chain-interval passed: chains B and C
                }
            }
            archiver.close();
            List<ChainManifest> chains = store.chains();
            assertThat(chains).hasSize(3);
            Instant now = clock.instant();
            // a start that never finished (no chain.json), two hours old: removed too
            ChainId stale = ChainId.next(now.minus(Duration.ofHours(2)));
            store.createChainDirs(stale);

            ChainId newest = new ChainId(chains.get(2).id());
            int filesBefore = store.segments(newest).size();
            ArchiveMaintenance.Result r = new ArchiveMaintenance(store).run(now, Duration.ofDays(3), null);
            assertThat(r.deletedChains()).as("chain A ended (B started) less than 3 days ago: kept")
                    .containsExactly(stale.value());
            assertThat(store.chainIds()).doesNotContain(stale);
            assertThat(r.mergedFiles()).isPositive();
            assertThat(store.segments(newest).size()).as("files of the newest chain after compaction")
                    .isLessThan(filesBefore / 3);
            assertRebuildsExactly(pitr, db.observed);

            r = new ArchiveMaintenance(store).run(now, Duration.ofDays(1), null);
            assertThat(r.deletedChains()).as("chain A is older than the 1-day window: B started 2+ days ago")
                    .containsExactly(chains.get(0).id());
            ArchiveDb.Observed inA = db.observed.get(perChain[0] / 2);
            assertThatThrownBy(() -> pitr.plan(inA.at())).isInstanceOf(PointInTime.NotCoveredException.class);
            assertRebuildsExactly(pitr, db.observed.subList(perChain[0], db.observed.size()));

            r = new ArchiveMaintenance(store).run(now.plus(Duration.ofDays(30)), Duration.ofDays(1), null);
            assertThat(store.chains()).as("the newest chain is kept whatever its age").extracting(ChainManifest::id)
                    .containsExactly(chains.get(2).id());
            ArchiveDb.Observed last = db.last();
            Path out = tmp.resolve("latest.db");
            pitr.rebuild(pitr.plan(null), out);
            assertThat(ArchiveDb.stateOf(out)).isEqualTo(last.content());
        }
    }

    private void assertRebuildsExactly(PointInTime pitr, List<ArchiveDb.Observed> states) throws Exception {
        for (int i = 0; i < states.size(); i += 7) {
            ArchiveDb.Observed o = states.get(i);
            Path out = tmp.resolve("at-" + System.nanoTime() + ".db");
            pitr.rebuild(pitr.plan(o.at()), out);
            assertThat(ArchiveDb.stateOf(out)).as("state at %s", o.at())
                    .isEqualTo(o.content());
            Files.delete(out);
        }
    }
}
