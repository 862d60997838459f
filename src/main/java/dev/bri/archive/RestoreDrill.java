package dev.bri.archive;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.bri.backup.FileOps;
import dev.bri.backup.SqliteFiles;
import dev.bri.storage.SqlWork;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The restore drill: proves that the archive restores to what the live database holds. It seals every committed
 * transaction and, with writes still paused, starts a read transaction on the live database ({@link WalArchiver#sealThen}),
 * so that read sees exactly the state the archive ends at; writes resume at once and the live row counts are read in
 * that snapshot. Then the same code as a restore to a time ({@link PointInTime#planThrough}, {@link PointInTime#rebuild})
 * rebuilds that state from the chain's base snapshot and segments in a scratch directory: segment checksums, chain
 * continuity, {@code integrity_check}, then the rebuilt row counts are compared table by table with the live ones.
 * The scratch file is deleted afterwards, whatever the outcome.
 */
public final class RestoreDrill {

    /** Runs SQL in one read transaction on the live database (its snapshot starts at the first statement). */
    @FunctionalInterface
    public interface LiveReads {
        <T> T read(SqlWork<T> work) throws SQLException;
    }

    /** A table whose rows differ between the live database and the rebuild (null: the table is missing there). */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Mismatch(String table, Long live, Long rebuilt) {
    }

    /**
     * One drill.
     *
     * @param result  {@code passed}, {@code failed} or {@code skipped} (no chain is being archived: nothing to drill)
     * @param stage   where it failed: {@code live} (reading the live database), {@code plan} (the archive does not
     *                cover the position: missing segments), {@code rebuild} (a checksum, the chain's continuity or
     *                {@code integrity_check}), {@code row_counts}; null when it passed
     * @param throughTx the chain's last transaction, sealed when the drill started, that the rebuild replayed up to
     */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(String result, String stage, String detail, String startedAt, double durationSeconds,
            String chain, Long throughTx, String baseBackupId, Integer segments, Long transactions,
            String reachedCommitAt, Map<String, Long> rowCounts, List<Mismatch> mismatches) {

        public static final String PASSED = "passed";
        public static final String FAILED = "failed";
        public static final String SKIPPED = "skipped";

        public boolean passed() {
            return PASSED.equals(result);
        }
    }

    private record Live(WalArchiver.Pinned<Void> pinned, Map<String, Long> counts) {
    }

    private final WalArchiver archiver;
    private final PointInTime pitr;
    private final Path scratch;
    private final LiveReads live;
    private final Clock clock;

    /**
     * @param scratch a directory of its own (emptied before and after each drill); on the backup volume by default,
     *                which has room for a copy of the database
     */
    public RestoreDrill(WalArchiver archiver, PointInTime pitr, Path scratch, LiveReads live, Clock clock) {
        this.archiver = archiver;
        this.pitr = pitr;
        this.scratch = scratch;
        this.live = live;
        this.clock = clock;
    }

    public Result run() {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Live at;
        try {
            at = live.read(c -> {
                WalArchiver.Pinned<Void> pinned;
                try {
                    pinned = archiver.sealThen(() -> {
                        startSnapshot(c);
                        return null;
                    });
                } catch (SQLException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new SQLException(e.getMessage(), e);
                }
                return pinned == null ? null : new Live(pinned, SqliteFiles.rowCounts(c));
            });
        } catch (SQLException | RuntimeException e) {
            return new Result(Result.FAILED, "live", "reading the live database failed: " + e.getMessage(),
                    started.toString(), seconds(t0), null, null, null, null, null, null, null, List.of());
        }
        if (at == null) {
            WalArchiver.Status s = archiver.status();
            return new Result(Result.SKIPPED, null, "no chain is being archived (state " + s.state()
                    + (s.reason() == null ? "" : ": " + s.reason()) + ")", started.toString(), seconds(t0), null,
                    null, null, null, null, null, null, List.of());
        }
        String chain = at.pinned().chain();
        long tx = at.pinned().lastTx();
        PointInTime.Plan plan;
        try {
            plan = pitr.planThrough(chain, tx);
        } catch (IOException | java.io.UncheckedIOException | PointInTime.GapException
                | PointInTime.NotCoveredException e) {
            return new Result(Result.FAILED, "plan", e.getMessage(), started.toString(), seconds(t0), chain, tx, null,
                    null, null, null, at.counts(), List.of());
        }
        try {
            clean();
            Files.createDirectories(scratch);
            PointInTime.Rebuilt rebuilt;
            try {
                rebuilt = pitr.rebuild(plan, scratch.resolve("drill.db"));
            } catch (IOException | SQLException | PointInTime.GapException | RuntimeException e) {
                return failed(plan, "rebuild", e.getMessage(), started, t0, at.counts(), List.of());
            }
            List<Mismatch> mismatches = compare(at.counts(), rebuilt.rowCounts());
            if (!mismatches.isEmpty()) {
                return failed(plan, "row_counts", mismatches.size() + " table(s) differ from the live database at "
                        + "transaction " + tx + " of chain " + chain + ": " + mismatches, started, t0, at.counts(),
                        mismatches);
            }
            return new Result(Result.PASSED, null, "rebuilt " + rebuilt.transactionsApplied()
                    + " transaction(s) on base " + plan.baseBackupId() + ": segment checksums ok, integrity_check ok, "
                    + "row counts of " + at.counts().size() + " table(s) equal to the live database's",
                    started.toString(), seconds(t0), chain, tx, plan.baseBackupId(), plan.segments().size(),
                    plan.transactions(), iso(plan.reachedCommitAt()), at.counts(), List.of());
        } catch (IOException e) {
            return failed(plan, "rebuild", "scratch directory " + scratch + ": " + e.getMessage(), started, t0,
                    at.counts(), List.of());
        } finally {
            clean();
        }
    }

    /** The first read starts SQLite's read transaction: its snapshot is the WAL as it is now. */
    private static void startSnapshot(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            rs.next();
        }
    }

    static List<Mismatch> compare(Map<String, Long> live, Map<String, Long> rebuilt) {
        List<Mismatch> out = new ArrayList<>();
        TreeSet<String> tables = new TreeSet<>(live.keySet());
        tables.addAll(rebuilt.keySet());
        for (String t : tables) {
            Long a = live.get(t);
            Long b = rebuilt.get(t);
            if (a == null || !a.equals(b)) {
                out.add(new Mismatch(t, a, b));
            }
        }
        return out;
    }

    private Result failed(PointInTime.Plan plan, String stage, String detail, Instant started, long t0,
            Map<String, Long> counts, List<Mismatch> mismatches) {
        return new Result(Result.FAILED, stage, detail, started.toString(), seconds(t0), plan.chain(),
                plan.throughTx(), plan.baseBackupId(), plan.segments().size(), plan.transactions(),
                iso(plan.reachedCommitAt()), counts, mismatches);
    }

    /** Empties the scratch directory (a drill killed half-way leaves its files) and removes it. */
    private void clean() {
        if (!Files.isDirectory(scratch)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(scratch)) {
            for (Path f : files) {
                FileOps.deleteQuietly(f);
            }
        } catch (IOException e) {
            return;
        }
        FileOps.deleteQuietly(scratch);
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
    }
}
