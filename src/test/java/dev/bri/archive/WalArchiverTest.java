package dev.bri.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bri.backup.BackupStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
        return archiver(db, checkpointPages, maxWalBytes, Clock.systemUTC());
    }

    private WalArchiver archiver(ArchiveDb db, long checkpointPages, long maxWalBytes, Clock clock) {
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
        WalArchiver a = new WalArchiver(db.file, new ArchiveStore(tmp.resolve("backups")), clock,
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
                    .isEqualTo(expected.content());
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
            ArchiveDb.Observed last = db.last();
            assertThat(rebuilt(latest)).isEqualTo(last.content());
            assertThat(latest.reachedCommitAt()).isBefore(last.at());
        }
    }

    /**
     * A record keeps its commit time to the microsecond, while the clock that stamped it (and the segment's footer)
     * may read nanoseconds: a target at that microsecond, the exact commit time a dry run reports, replays the
     * transaction even when it is the first of its segment.
     */
    @Test
    void aTargetAtTheMicrosecondOfASegmentsFirstCommitReplaysIt() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-02T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now.get();
            }

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            WalArchiver archiver = archiver(db, 1000, 64L << 20, clock);
            archiver.open();
            archiver.tick();
            now.set(Instant.parse("2026-11-02T00:00:01.000001700Z"));
            db.write(1);
            archiver.tick();
            archiver.close();
        }
        Instant commit = Instant.parse("2026-11-02T00:00:01.000001Z");
        PointInTime.Plan plan = pitr().plan(commit);
        assertThat(plan.transactions()).isEqualTo(1);
        assertThat(plan.reached()).isEqualTo(commit);
        assertThat(pitr().plan(commit.minusNanos(1000)).transactions()).isZero();
    }

    /** One chain, archived by a tick after each of {@code rounds} writes of three items. */
    private ArchiveStore archiveRounds(int rounds) throws Exception {
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            WalArchiver archiver = archiver(db, 1000, 64L << 20);
            archiver.open();
            archiver.tick();
            for (int round = 0; round < rounds; round++) {
                db.write(3);
                archiver.tick();
            }
            archiver.close();
        }
        return new ArchiveStore(tmp.resolve("backups"));
    }

    @Test
    void aCorruptedSegmentIsRefusedAndAMissingOneIsAGapNamedByItsRange() throws Exception {
        ArchiveStore store = archiveRounds(6);
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

    /**
     * The rebuild writes a segment's pages while a second thread checks its SHA-256: damage only the checksum reveals
     * (a record's CRC made to match again), in a record that is replayed or in one after the target, must refuse the
     * rebuild after pages were written, and leave neither the result nor the work file behind.
     */
    @Test
    void damageOnlyTheSegmentChecksumRevealsIsRefusedAndNothingIsPublished() throws Exception {
        ArchiveStore store = archiveRounds(4);
        List<ArchiveStore.SegmentRef> segments = store.segments(new ChainId(store.chains().get(0).id()));
        Path victim = segments.get(2).file();
        List<long[]> records = recordSpans(victim);
        assertThat(records).hasSize(3);
        byte[] pristine = Files.readAllBytes(victim);

        for (int damaged : new int[]{0, 2}) {
            Files.write(victim, pristine);
            damagePageKeepingTheCrc(victim, records.get(damaged));
            // replays the segment's first record only: damage in its last one is after the target
            PointInTime.Plan plan = pitr().plan(SegmentFile.footer(victim).firstCommit());
            assertThat(plan.segments()).contains(victim);
            Path out = tmp.resolve("out-" + damaged + ".db");
            assertThatThrownBy(() -> pitr().rebuild(plan, out)).as("damage in record %d", damaged)
                    .isInstanceOf(SegmentFile.CorruptSegmentException.class)
                    .hasMessageContaining(victim.getFileName().toString()).hasMessageContaining("SHA-256");
            assertThat(out).doesNotExist();
            try (var left = Files.list(tmp)) {
                assertThat(left.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".pitr-"));
            }
        }
        Files.write(victim, pristine);
        assertThat(pitr().rebuild(pitr().plan(null), tmp.resolve("out.db")).sha256()).hasSize(64);
    }

    /**
     * A transaction larger than the replay's read buffer (it grows for it) among many small ones that straddle the
     * buffer's end (kept and read on) rebuilds exactly, at every observed instant.
     */
    @Test
    void aTransactionLargerThanTheReadBufferAndRecordsAcrossItsEndRebuildExactly() throws Exception {
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            WalArchiver archiver = archiver(db, 100_000, 256L << 20);
            archiver.open();
            archiver.tick();
            db.write(200); // one segment of 200 records, several MiB
            archiver.tick();
            try (var s = db.connection().createStatement()) {
                s.execute("CREATE TABLE blob (data BLOB NOT NULL)");
                s.execute("INSERT INTO blob (data) VALUES (randomblob(3000000))"); // one record of some 3 MB
            }
            db.write(5);
            archiver.tick();
            archiver.close();
            ArchiveStore store = new ArchiveStore(tmp.resolve("backups"));
            List<Long> sizes = new ArrayList<>();
            for (ArchiveStore.SegmentRef ref : store.segments(new ChainId(store.chains().get(0).id()))) {
                sizes.add(Files.size(ref.file()));
            }
            assertThat(sizes).as("segments of more than one read buffer (1 MiB), one over 3 MB")
                    .anyMatch(size -> size > 1 << 20 && size < 3_000_000).anyMatch(size -> size > 3_000_000);
            assertRestoresExactly(db.observed, 25, 13);
            Path out = tmp.resolve("latest.db");
            pitr().rebuild(pitr().plan(null), out);
            assertThat(blob(out)).isEqualTo(blob(db.file));
        }
    }

    private static byte[] blob(Path file) throws Exception {
        try (var c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + file);
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT data FROM blob")) {
            assertThat(rs.next()).isTrue();
            return rs.getBytes(1);
        }
    }

    /** Offset and length of each record of a sealed segment. */
    private static List<long[]> recordSpans(Path segment) throws Exception {
        int pageSize = SegmentFile.footer(segment).pageSize();
        byte[] bytes = Files.readAllBytes(segment);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        List<long[]> spans = new ArrayList<>();
        int at = SegmentFile.MAGIC.length;
        while (bytes[at] == 'T') {
            int length = 33 + b.getInt(at + 13) * (4 + pageSize) + 4;
            spans.add(new long[]{at, length});
            at += length;
        }
        return spans;
    }

    /** Flips a byte of the record's first page and rewrites the record's CRC to match. */
    private static void damagePageKeepingTheCrc(Path segment, long[] span) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            byte[] record = new byte[(int) span[1]];
            f.seek(span[0]);
            f.readFully(record);
            record[33 + 4 + 100] ^= 0x01;
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(record, 0, record.length - 4);
            java.nio.ByteBuffer.wrap(record).putInt(record.length - 4, (int) crc.getValue());
            f.seek(span[0]);
            f.write(record);
        }
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
            ArchiveDb.Observed last = db.last();
            assertThat(rebuilt(pitr().plan(null))).isEqualTo(last.content());
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

    /**
     * SQLite writes the restarting connection's own checkpoint counter into a restarted WAL's header, so with several
     * connections the header's checkpoint sequence need not go up by one: only salt-1 does. A crash after a WAL
     * restart by a connection with a lagging counter must still resume the chain (this failed at the 7th of 50 kills
     * in ArchiveKillIT).
     */
    @Test
    void aWalRestartedByAnotherConnectionIsStillRecognisedAfterACrash() throws Exception {
        ArchiveStore store = new ArchiveStore(tmp.resolve("backups"));
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            WalArchiver first = archiver(db, 5, 64L << 20);
            first.open();
            first.tick();
            String chain = first.status().chain();
            for (int round = 0; round < 3; round++) {
                db.write(6);
                first.tick(); // sealed, then a complete PASSIVE checkpoint: the next write restarts the WAL
            }
            WalPosition before = WalTail.header(WalTail.walOf(db.file));
            db.switchToNewConnection();
            db.write(2); // restarts the WAL with this connection's counter
            WalPosition after = WalTail.header(WalTail.walOf(db.file));
            assertThat(after.salt1()).isEqualTo(before.salt1() + 1);
            assertThat(after.checkpointSeq()).as("the header's sequence did not go up by one")
                    .isNotEqualTo(before.checkpointSeq() + 1);
            first.abandon();

            WalArchiver second = archiver(db, 5, 64L << 20);
            second.open();
            assertThat(second.status().chain()).as("same chain: %s", reasons).isEqualTo(chain);
            assertThat(second.status().unsealedTransactions()).isEqualTo(2);
            second.tick();
            db.write(3);
            second.tick();
            second.close();
            assertThat(store.chains()).hasSize(1);
            assertRestoresExactly(db.observed, 20, 9);
        }
    }

    /**
     * Another connection checkpoints (TRUNCATE) between a commit and the archiver's read of it, first on a chain that
     * started with no WAL (as after a restore), then right after the archiver's own complete checkpoint: the frames
     * it never read are in the database file only. The archiver must notice and start a new chain; rebuilding must
     * never replay later transactions onto a state missing that one (it gave SQLITE_CORRUPT).
     */
    @Test
    void aForeignCheckpointBetweenACommitAndItsReadStartsANewChainAndEveryRebuildIsExact() throws Exception {
        ArchiveStore store = new ArchiveStore(tmp.resolve("backups"));
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            db.foreignCheckpoint("TRUNCATE"); // no WAL content: the chain starts at wal:none
            WalArchiver archiver = archiver(db, 5, 64L << 20);
            archiver.open();
            archiver.tick();
            assertThat(archiver.status().position().none()).isTrue();
            String first = archiver.status().chain();
            db.writeThen(() -> db.foreignCheckpoint("TRUNCATE"));
            db.write(3);
            archiver.tick();
            assertThat(archiver.status().chain()).as("a new chain after the unseen checkpoint").isNotEqualTo(first);
            String second = archiver.status().chain();
            assertThat(second).isNotNull();
            for (int round = 0; round < 3; round++) {
                db.write(6);
                archiver.tick(); // sealed, then a complete checkpoint: the next writer restarts the WAL
            }
            db.writeThen(() -> db.foreignCheckpoint("TRUNCATE"));
            db.write(3);
            archiver.tick();
            assertThat(archiver.status().chain()).as("a new chain after the second unseen checkpoint")
                    .isNotEqualTo(second);
            db.write(4);
            archiver.tick();
            archiver.close();
            assertThat(store.chains()).hasSize(3);
            assertThat(stops).contains("wal_reset");
            // every state a chain claims to cover rebuilds exactly
            List<ArchiveDb.Observed> covered = new ArrayList<>();
            for (ArchiveDb.Observed o : db.observed) {
                try {
                    pitr().plan(o.at());
                    covered.add(o);
                } catch (PointInTime.NotCoveredException e) {
                    // between a chain's end and the next one's start
                }
            }
            assertThat(covered).isNotEmpty();
            for (ArchiveDb.Observed o : covered) {
                assertThat(rebuilt(pitr().plan(o.at()))).as("state at %s", o.at())
                        .isEqualTo(o.content());
            }
            ArchiveDb.Observed last = db.last();
            assertThat(rebuilt(pitr().plan(null))).isEqualTo(last.content());
        }
    }

    /**
     * On a slow start the scheduler's first tick can come before {@link WalArchiver#open}: it must neither checkpoint
     * the WAL (frames the crashed run never archived are still in it) nor start a chain, or the last chain could not
     * resume (ArchiveKillIT saw a new chain after its 29th kill).
     */
    @Test
    void aTickBeforeOpenNeitherCheckpointsNorStartsAChainAndTheChainStillResumes() throws Exception {
        ArchiveStore store = new ArchiveStore(tmp.resolve("backups"));
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            WalArchiver first = archiver(db, 5, 64L << 20);
            first.open();
            first.tick();
            String chain = first.status().chain();
            db.write(4);
            first.tick();
            db.write(12); // committed, not sealed: more frames than checkpoint-pages
            first.abandon();

            int checkpointsBefore = completeCheckpoints.get();
            WalArchiver second = archiver(db, 5, 64L << 20);
            second.tick();
            assertThat(completeCheckpoints.get()).as("no checkpoint before open").isEqualTo(checkpointsBefore);
            assertThat(store.chains()).hasSize(1);
            second.open();
            assertThat(second.status().chain()).as("resumed: %s", reasons).isEqualTo(chain);
            second.tick();
            second.close();
            assertRestoresExactly(db.observed, 15, 13);
        }
    }

    /**
     * A writer outside the write gate (Flyway at start-up: the first chain's base was copied while migrations ran)
     * commits between the base copy and the reading of the chain's start: the transaction must be in the base or in
     * the segments, never in neither (ArchiveServiceTest saw SQLITE_CORRUPT rebuilding such a chain).
     */
    @Test
    void aTransactionCommittedOutsideTheGateDuringTheBaseCopyIsInTheRebuild() throws Exception {
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            db.write(4);
            WalArchiver archiver = archiver(db, 1000, 64L << 20);
            archiver.open();
            archiver.afterBaseCopy = () -> {
                try (java.sql.Connection c = new org.sqlite.SQLiteConfig()
                        .createConnection("jdbc:sqlite:" + db.file); java.sql.Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE migrated (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
                    s.execute("INSERT INTO migrated (payload) VALUES ('" + "x".repeat(20000) + "')");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
            archiver.tick();
            archiver.afterBaseCopy = () -> {
            };
            assertThat(archiver.status().state()).isEqualTo("archiving");
            db.write(3);
            archiver.tick();
            archiver.close();
            Path out = tmp.resolve("latest.db");
            pitr().rebuild(pitr().plan(null), out);
            assertThat(ArchiveDb.stateOf(out)).isEqualTo(ArchiveDb.stateOf(db.file));
            try (java.sql.Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + out);
                    java.sql.Statement s = c.createStatement();
                    java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM migrated")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
    }
}
