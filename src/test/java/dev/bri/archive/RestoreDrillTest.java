package dev.bri.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.backup.BackupStore;
import dev.bri.storage.SqlWork;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * The restore drill on a real SQLite database with a real archive: it passes on a sound archive while writes go on,
 * and a damaged segment, a missing one, or a segment that is sound but lost a transaction each fail it at the stage
 * that finds them.
 */
class RestoreDrillTest {

    @TempDir
    Path tmp;

    /** Writes committed right after the drill's pin, before it counts the live rows. */
    private int writesAfterPin;

    private WalArchiver archiver(ArchiveDb db) {
        WalArchiver.Writes gate = db.writes();
        WalArchiver.Writes writes = new WalArchiver.Writes() {
            @Override
            public <T> T paused(String operation, Callable<T> work) throws Exception {
                T result = gate.paused(operation, work);
                if ("archive_drill".equals(operation) && writesAfterPin > 0) {
                    db.write(writesAfterPin); // writes resume: these land after the pinned position
                }
                return result;
            }
        };
        WalArchiver a = new WalArchiver(db.file, store(), Clock.systemUTC(), writes, new WalArchiver.Events() {
        }, new WalArchiver.Options(true, Duration.ofSeconds(1), 40, 64L << 20, Duration.ofDays(1), Duration.ZERO,
                true, 1, "test"));
        db.attach(a);
        return a;
    }

    private ArchiveStore store() {
        return new ArchiveStore(tmp.resolve("backups"));
    }

    private Path scratch() {
        return tmp.resolve("backups").resolve(".drill");
    }

    /** Read transactions on a connection of their own, as the service's pool hands one out. */
    private RestoreDrill drill(ArchiveDb db, WalArchiver archiver) {
        RestoreDrill.LiveReads live = new RestoreDrill.LiveReads() {
            @Override
            public <T> T read(SqlWork<T> work) throws SQLException {
                try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + db.file)) {
                    c.setAutoCommit(false);
                    T result = work.run(c);
                    c.commit();
                    return result;
                }
            }
        };
        return new RestoreDrill(archiver, new PointInTime(store(), new BackupStore(tmp.resolve("backups"))),
                scratch(), live, Clock.systemUTC());
    }

    /** A chain with a few sealed segments and some transactions not sealed yet (the drill seals them). */
    private WalArchiver archiving(ArchiveDb db) throws Exception {
        db.write(5); // in the base
        WalArchiver archiver = archiver(db);
        archiver.open();
        archiver.tick();
        assertThat(archiver.status().state()).isEqualTo("archiving");
        for (int i = 0; i < 6; i++) {
            db.write(3);
            archiver.tick();
        }
        db.write(2);
        return archiver;
    }

    private List<Path> segments() {
        ChainManifest chain = store().chains().get(store().chains().size() - 1);
        List<Path> files = new ArrayList<>();
        store().segments(new ChainId(chain.id())).forEach(r -> files.add(r.file()));
        return files;
    }

    private Path newestWithTransactions() throws Exception {
        List<Path> files = segments();
        for (int i = files.size() - 1; i >= 0; i--) {
            if (SegmentFile.footer(files.get(i)).transactions() > 0) {
                return files.get(i);
            }
        }
        throw new AssertionError("no segment holds a transaction");
    }

    @Test
    void aSoundArchivePassesWithTheLiveCountsAtThePinnedPositionWhileWritesGoOn() throws Exception {
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            WalArchiver archiver = archiving(db);
            writesAfterPin = 4;
            RestoreDrill.Result r = drill(db, archiver).run();

            assertThat(r.result()).as(r.detail()).isEqualTo(RestoreDrill.Result.PASSED);
            long batchesAtPin = db.observed.get(db.observed.size() - 1 - writesAfterPin).batches();
            assertThat(r.rowCounts()).as("the live counts read in the snapshot pinned at the sealed position")
                    .containsEntry("batch", batchesAtPin);
            assertThat(db.count("SELECT count(*) FROM batch")).as("writes went on after the pin")
                    .isEqualTo(batchesAtPin + writesAfterPin);
            assertThat(r.throughTx()).as("every transaction after the base: 6 x 3 + 2").isEqualTo(20);
            assertThat(r.transactions()).isEqualTo(20);
            assertThat(r.mismatches()).isEmpty();
            assertThat(scratch()).as("scratch space cleaned up").doesNotExist();

            // the next drill reaches the writes made meanwhile
            writesAfterPin = 0;
            RestoreDrill.Result next = drill(db, archiver).run();
            assertThat(next.result()).as(next.detail()).isEqualTo(RestoreDrill.Result.PASSED);
            assertThat(next.throughTx()).isEqualTo(24);
            assertThat(next.rowCounts()).containsEntry("batch", batchesAtPin + 4);
            archiver.close();
        }
    }

    @Test
    void aCorruptedSegmentFailsTheRebuild() throws Exception {
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            WalArchiver archiver = archiving(db);
            Path victim = segments().get(2);
            try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
                f.seek(40);
                int b = f.read();
                f.seek(40);
                f.write(b ^ 0xff);
            }
            RestoreDrill.Result r = drill(db, archiver).run();

            assertThat(r.result()).isEqualTo(RestoreDrill.Result.FAILED);
            assertThat(r.stage()).isEqualTo("rebuild");
            assertThat(r.detail()).contains(victim.getFileName().toString()).contains("corrupt");
            assertThat(scratch()).doesNotExist();
            archiver.close();
        }
    }

    @Test
    void aMissingSegmentFailsThePlanNamingWhatIsMissing() throws Exception {
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            WalArchiver archiver = archiving(db);
            archiver.tick(); // seals the pending transactions: the drill finds nothing left to seal
            // the newest segment lost (a backup volume that dropped its last writes)
            Path newest = newestWithTransactions();
            Files.delete(newest);
            RestoreDrill.Result end = drill(db, archiver).run();
            assertThat(end.result()).isEqualTo(RestoreDrill.Result.FAILED);
            assertThat(end.stage()).isEqualTo("plan");
            assertThat(end.detail()).containsAnyOf("missing segments", "segments at its end are missing");

            Files.delete(segments().get(1));
            RestoreDrill.Result middle = drill(db, archiver).run();
            assertThat(middle.result()).isEqualTo(RestoreDrill.Result.FAILED);
            assertThat(middle.stage()).isEqualTo("plan");
            assertThat(middle.detail()).contains("missing segments 1-1");
            archiver.close();
        }
    }

    /**
     * A segment whose checksum and chain are sound but that lost its last transaction (what an archiver bug would
     * write): only comparing with the live database finds it.
     */
    @Test
    void aSoundSegmentThatLostATransactionFailsOnTheRowCounts() throws Exception {
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            WalArchiver archiver = archiving(db);
            archiver.tick(); // seals the 2 pending transactions: the newest segment holds them
            Path last = newestWithTransactions();
            SegmentFooter footer = SegmentFile.verify(last);
            assertThat(footer.transactions()).isEqualTo(2);
            List<SegmentFile.Record> records = new ArrayList<>();
            SegmentFile.records(last, footer.pageSize(), true, records::add);
            Path temp = last.resolveSibling(".rewrite.tmp");
            SegmentFile.Writer w = new SegmentFile.Writer(temp, footer.pageSize());
            w.append(records.get(0));
            Files.delete(last);
            w.seal(footer, last);
            assertThat(SegmentFile.verify(last)).as("checksum sound").isEqualTo(footer);

            RestoreDrill.Result r = drill(db, archiver).run();

            assertThat(r.result()).as(r.detail()).isEqualTo(RestoreDrill.Result.FAILED);
            assertThat(r.stage()).isEqualTo("row_counts");
            assertThat(r.mismatches()).extracting(RestoreDrill.Mismatch::table).contains("batch");
            RestoreDrill.Mismatch batch = r.mismatches().stream().filter(m -> m.table().equals("batch")).findFirst()
                    .orElseThrow();
            assertThat(batch.rebuilt()).isEqualTo(batch.live() - 1);
            assertThat(scratch()).doesNotExist();
            archiver.close();
        }
    }

    @Test
    void withoutAChainBeingArchivedTheDrillIsSkipped() throws Exception {
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            db.write(2);
            WalArchiver archiver = archiver(db);
            archiver.open(); // no tick: no chain started yet
            RestoreDrill.Result r = drill(db, archiver).run();
            assertThat(r.result()).isEqualTo(RestoreDrill.Result.SKIPPED);
            assertThat(r.detail()).contains("stopped");
            archiver.close();
        }
    }
}
