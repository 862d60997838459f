package dev.bri.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.backup.BackupStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup volume that stops taking writes (see {@link ArchiveVolumeFault}): writes go on, archiving stops, the WAL
 * stays under its cap although nothing is archived, and once the volume takes writes again a new chain starts from a
 * fresh base snapshot; the chain from before the fault still restores every second it sealed.
 */
class ArchiveVolumeFaultTest {

    @TempDir
    Path tmp;

    private final AtomicInteger truncates = new AtomicInteger();
    private final List<String> stops = Collections.synchronizedList(new ArrayList<>());
    private final List<String> reasons = Collections.synchronizedList(new ArrayList<>());

    private static long walBytes(Path db) throws Exception {
        Path wal = db.resolveSibling(db.getFileName() + "-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    @Test
    void writesGoOnTheWalStaysUnderItsCapAndANewChainStartsOnceTheVolumeTakesWritesAgain() throws Exception {
        long cap = 256 * 1024;
        Path backups = tmp.resolve("backups");
        ArchiveStore store = new ArchiveStore(backups);
        PointInTime pitr = new PointInTime(store, new BackupStore(backups));
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            WalArchiver archiver = new WalArchiver(db.file, store, Clock.systemUTC(), db.writes(),
                    new WalArchiver.Events() {
                        @Override
                        public void checkpointed(String mode, boolean complete, long walBytesBefore) {
                            if ("truncate".equals(mode) && complete) {
                                truncates.incrementAndGet();
                            }
                        }

                        @Override
                        public void stopped(String code, String reason) {
                            stops.add(code);
                            reasons.add(reason);
                        }
                    },
                    // PASSIVE checkpoints effectively off: only the cap bounds the WAL here
                    new WalArchiver.Options(true, Duration.ofSeconds(1), 1_000_000, cap, Duration.ofDays(1),
                            Duration.ZERO, true, 1, "test"));
            db.attach(archiver);
            archiver.open();
            archiver.tick();
            db.write(20);
            archiver.tick();
            String first = archiver.status().chain();
            assertThat(archiver.status().state()).isEqualTo("archiving");
            ArchiveDb.Observed beforeFault = db.last();

            long written = 0;
            long largestAfterTick = 0;
            try (ArchiveVolumeFault fault = new ArchiveVolumeFault(store.root())) {
                db.write(1); // opening the next segment fails: the chain stops, the commit does not
                assertThat(archiver.status().state()).isEqualTo("stopped");
                assertThat(archiver.status().reasonCode()).isEqualTo("archive_error");
                assertThat(reasons.get(reasons.size() - 1)).contains("Not a directory");
                for (int interval = 0; interval < 60; interval++) {
                    long before = walBytes(db.file);
                    db.write(5);
                    written += Math.max(0, walBytes(db.file) - before);
                    archiver.tick(); // seals nothing, fails to start a chain, checkpoints
                    largestAfterTick = Math.max(largestAfterTick, walBytes(db.file));
                    assertThat(archiver.status().state()).as("interval %d", interval).isEqualTo("stopped");
                }
                assertThat(db.observed).hasSize(20 + 1 + 300); // every write was accepted
            }
            assertThat(truncates.get()).as("the cap truncated the WAL").isPositive();
            assertThat(largestAfterTick).as("WAL after each interval, cap %d", cap).isLessThan(cap);
            assertThat(written).as("the WAL would have grown past its cap several times").isGreaterThan(3 * cap);
            assertThat(stops.subList(stops.indexOf("archive_error"), stops.size())).as("every failed retry says why")
                    .containsOnly("archive_error");

            archiver.tick(); // the volume takes writes again: a new chain from a fresh base snapshot
            assertThat(archiver.status().state()).isEqualTo("archiving");
            String second = archiver.status().chain();
            assertThat(second).isNotEqualTo(first);
            assertThat(store.manifest(new ChainId(second)).orElseThrow().reason()).isEqualTo("archive_error");
            db.write(10);
            archiver.tick();
            archiver.close();

            ArchiveDb.Observed last = db.last();
            assertThat(rebuilt(pitr, pitr.plan(null))).isEqualTo(last.content());
            PointInTime.Plan old = pitr.plan(beforeFault.at());
            assertThat(old.chain()).isEqualTo(first);
            assertThat(rebuilt(pitr, old)).as("the chain before the fault still restores").isEqualTo(
                    beforeFault.content());
        }
    }

    private ArchiveDb.Observed rebuilt(PointInTime pitr, PointInTime.Plan plan) throws Exception {
        Path out = tmp.resolve("restored-" + System.nanoTime() + ".db");
        pitr.rebuild(plan, out);
        return ArchiveDb.stateOf(out);
    }
}
