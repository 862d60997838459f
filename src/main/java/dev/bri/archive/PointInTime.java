package dev.bri.archive;

import dev.bri.backup.BackupMetadata;
import dev.bri.backup.BackupStore;
import dev.bri.backup.FileOps;
import dev.bri.backup.PointInTimeSource;
import dev.bri.backup.RestoreFiles;
import dev.bri.backup.RestorePoint;
import dev.bri.backup.RestoreProgress;
import dev.bri.backup.RestoreSource;
import dev.bri.backup.SqliteFiles;
import dev.bri.backup.Verification;
import dev.bri.io.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Restore to a point in time from the archive alone: plans which chain, base snapshot and segments rebuild the state
 * at a given instant, and rebuilds it into a file (base staged and checked against its SHA-256, every segment's
 * SHA-256 checked, transactions replayed in order up to the last one committed at or before the target, then
 * {@code integrity_check}). Shared by the service and the offline CLI; needs no database and no running service.
 */
public final class PointInTime {

    /**
     * What a restore to {@code target} does.
     *
     * @param target             the requested instant; null for the newest archived state
     * @param reachedCommitAt    commit time of the last transaction replayed (null: none after the base)
     * @param coveredThrough     the archive of this chain is complete up to this instant
     * @param throughTx          the chain's last transaction to replay (the restore drill); null: chosen by time
     */
    public record Plan(Instant target, String chain, String baseBackupId, Instant baseTakenAt, List<Path> segments,
            long transactions, Instant reachedCommitAt, Instant coveredThrough, Long throughTx) {

        /** Whether the transaction numbered {@code tx} in the chain, committed at {@code committedAt}, is replayed. */
        boolean replays(long tx, Instant committedAt) {
            return PointInTime.replays(target, throughTx, tx, committedAt);
        }

        /** The state reached: the last replayed commit, or the base snapshot's instant. */
        public Instant reached() {
            return reachedCommitAt != null ? reachedCommitAt : baseTakenAt;
        }
    }

    /**
     * The result of a rebuild: the verified file and what was checked.
     *
     * @param replayTook base staged, transactions replayed and every segment's SHA-256 checked
     * @param checkTook  {@code integrity_check} of the result, with its fsync, SHA-256 and row counts beside it
     */
    public record Rebuilt(Plan plan, Path file, String sha256, long bytes, Map<String, Long> rowCounts,
            long transactionsApplied, Duration replayTook, Duration checkTook) {
    }

    /** No archive covers the requested time; names the newest snapshot taken before it, when there is one. */
    public static final class NotCoveredException extends Exception {
        private final transient Optional<BackupMetadata> newestSnapshotBefore;

        NotCoveredException(String message, Optional<BackupMetadata> newestSnapshotBefore) {
            super(message + newestSnapshotBefore.map(b -> "; the newest snapshot before it is " + b.id()
                    + " (taken " + b.createdAt() + ")").orElse("; there is no snapshot before it either"));
            this.newestSnapshotBefore = newestSnapshotBefore;
        }

        public Optional<BackupMetadata> newestSnapshotBefore() {
            return newestSnapshotBefore;
        }
    }

    /** The chain that covers the time has a hole: segments are missing (or a segment does not continue the last). */
    public static final class GapException extends Exception {
        GapException(String message) {
            super(message);
        }
    }

    private final ArchiveStore store;
    private final BackupStore snapshots;

    /**
     * @param snapshots the regular backups, offered when the archive does not cover a time
     */
    public PointInTime(ArchiveStore store, BackupStore snapshots) {
        this.store = store;
        this.snapshots = snapshots;
    }

    /** Plans a restore to {@code target} (null: the newest archived state). */
    public Plan plan(Instant target) throws IOException, NotCoveredException, GapException {
        Optional<ChainManifest> chain = chainFor(store.chains(), target);
        if (chain.isPresent()) {
            return planIn(chain.get(), target, null);
        }
        if (target == null) {
            throw new NotCoveredException("the archive holds no chain", newestSnapshot(null));
        }
        throw new NotCoveredException("no archive covers " + target + " (" + coverage() + ")",
                newestSnapshot(target));
    }

    /**
     * The chain a restore to {@code target} replays: the newest that started at or before it (null: the newest).
     * Also used to pick the chain to download from the offsite bucket, so both restores choose alike.
     */
    public static Optional<ChainManifest> chainFor(List<ChainManifest> chains, Instant target) {
        return chains.stream().filter(c -> target == null || !c.startedAtInstant().isAfter(target))
                .max(Comparator.comparing(ChainManifest::startedAtInstant));
    }

    /**
     * Plans the state of chain {@code chain} right after its transaction number {@code lastTx} (the restore drill,
     * which knows the live database's state at exactly that transaction). A chain whose sealed segments end before
     * it is refused like a gap.
     */
    public Plan planThrough(String chain, long lastTx) throws IOException, NotCoveredException, GapException {
        ChainManifest manifest = store.manifest(new ChainId(chain))
                .orElseThrow(() -> new GapException("chain " + chain + " has no chain.json"));
        return planIn(manifest, null, lastTx);
    }

    private Plan planIn(ChainManifest chain, Instant target, Long throughTx)
            throws IOException, NotCoveredException, GapException {
        ChainId id = new ChainId(chain.id());
        List<Path> needed = new ArrayList<>();
        long seq = 0;
        long transactions = 0;
        Instant reached = null;
        Instant covered = chain.startedAtInstant();
        boolean done = false;
        long lastTx = 0;
        List<ArchiveStore.SegmentRef> refs = store.segments(id);
        for (int i = 0; i < refs.size() && !done; i++) {
            ArchiveStore.SegmentRef ref = refs.get(i);
            if (ref.lastSeq() < seq) {
                continue;
            }
            if (ref.firstSeq() != seq) {
                if (target != null && !target.isAfter(covered)) {
                    break;
                }
                SegmentFooter after = SegmentFile.footer(ref.file());
                throw new GapException("chain " + id + " is missing segments " + seq + "-" + (ref.firstSeq() - 1)
                        + ": the commits between " + covered + " and " + Optional.ofNullable(after.firstCommitAt())
                                .orElse(after.sealedThrough())
                        + " are not in the archive; choose a time at or before " + covered + " or after the start "
                        + "of a later chain");
            }
            SegmentFooter footer = SegmentFile.footer(ref.file());
            Instant first = footer.firstCommit();
            if (target != null && first != null && first.isAfter(target)
                    || throughTx != null && footer.firstTx() > throughTx) {
                if (first != null) {
                    covered = max(covered, first);
                }
                done = true;
                break;
            }
            if (footer.transactions() > 0) {
                needed.add(ref.file());
                if (replays(target, throughTx, footer.lastTx(), footer.lastCommit())) {
                    transactions += footer.transactions();
                    reached = footer.lastCommit();
                    lastTx = footer.lastTx();
                } else {
                    long[] counted = {0};
                    long[] tx = {footer.firstTx()};
                    Instant[] last = {reached};
                    SegmentFile.commitTimes(ref.file(), footer.pageSize(), committedAt -> {
                        if (!replays(target, throughTx, tx[0], committedAt)) {
                            return false;
                        }
                        counted[0]++;
                        tx[0]++;
                        last[0] = committedAt;
                        return true;
                    });
                    transactions += counted[0];
                    reached = last[0];
                    lastTx = tx[0] - 1;
                }
            }
            covered = max(covered, footer.sealedThroughInstant());
            seq = footer.lastSeq() + 1;
        }
        if (throughTx != null && lastTx < throughTx) {
            throw new GapException("chain " + id + " is archived up to transaction " + lastTx + " (" + covered
                    + "), but transaction " + throughTx + " was sealed: segments at its end are missing");
        }
        if (target != null && target.isAfter(covered)) {
            throw new NotCoveredException("no archive covers " + target + ": chain " + id + " is archived up to "
                    + covered + " (" + coverage() + ")", newestSnapshot(target));
        }
        return new Plan(target, chain.id(), chain.baseBackupId(), chain.startedAtInstant(), List.copyOf(needed),
                transactions, reached, covered, throughTx);
    }

    private static boolean replays(Instant target, Long throughTx, long tx, Instant committedAt) {
        return (target == null || !committedAt.isAfter(target)) && (throughTx == null || tx <= throughTx);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The time ranges the archive covers, for messages. */
    public String coverage() {
        List<String> ranges = new ArrayList<>();
        for (ChainManifest chain : store.chains()) {
            Instant through = chain.startedAtInstant();
            long seq = 0;
            for (ArchiveStore.SegmentRef ref : store.segments(new ChainId(chain.id()))) {
                if (ref.lastSeq() < seq) {
                    continue;
                }
                if (ref.firstSeq() != seq) {
                    break;
                }
                try {
                    through = max(through, SegmentFile.footer(ref.file()).sealedThroughInstant());
                } catch (IOException e) {
                    break;
                }
                seq = ref.lastSeq() + 1;
            }
            ranges.add(chain.startedAt() + " to " + through);
        }
        return ranges.isEmpty() ? "the archive is empty" : "archive covers " + String.join(", ", ranges);
    }

    /** The newest regular snapshot taken at or before {@code before} (null: the newest). */
    public Optional<BackupMetadata> newestSnapshotBefore(Instant before) {
        return newestSnapshot(before);
    }

    private Optional<BackupMetadata> newestSnapshot(Instant before) {
        if (snapshots == null) {
            return Optional.empty();
        }
        return snapshots.list().stream().filter(BackupMetadata::regular)
                .filter(b -> before == null || !b.created().isAfter(before)).findFirst();
    }

    /**
     * What a dry run checks without rebuilding: the base snapshot (checksum, decompress, integrity_check) and the
     * SHA-256 of every segment the plan replays.
     */
    public Verification verify(Plan plan) {
        ChainId id = new ChainId(plan.chain());
        Verification base = new dev.bri.backup.BackupVerifier().verify(store.baseStore(id),
                new dev.bri.backup.BackupId(plan.baseBackupId()));
        if (!base.passed()) {
            return base;
        }
        for (Path segment : plan.segments()) {
            try {
                SegmentFile.verify(segment);
            } catch (IOException e) {
                return new Verification(plan.baseBackupId(), Verification.FAILED, Instant.now().toString(),
                        e.getMessage());
            }
        }
        return new Verification(plan.baseBackupId(), Verification.PASSED, Instant.now().toString(), "base snapshot "
                + plan.baseBackupId() + ": " + base.detail() + "; " + plan.segments().size()
                + " segment checksum(s) ok");
    }

    /** The plan as the restore report shows it. */
    public static PointInTimeSource.Plan describe(Plan plan) {
        return new PointInTimeSource.Plan(plan.target() == null ? "latest" : plan.target().toString(), plan.chain(),
                plan.baseBackupId(), plan.baseTakenAt().toString(), plan.segments().size(), plan.transactions(),
                plan.reachedCommitAt() == null ? null : plan.reachedCommitAt().toString(),
                plan.coveredThrough().toString());
    }

    /**
     * The planned state as a source for {@code RestoreProcedure} (service and offline CLI alike): staging rebuilds it
     * (base, segments, {@code integrity_check}) at the staging path; any failure refuses the restore.
     */
    public RestoreSource source(Plan plan) {
        RestorePoint point = new RestorePoint(plan.baseBackupId(), plan.reached(), "the state at "
                + (plan.target() == null ? "the newest archived commit" : plan.target().toString()) + " (chain "
                + plan.chain() + ": base snapshot " + plan.baseBackupId() + " plus " + plan.transactions()
                + " transaction(s) from " + plan.segments().size() + " segment file(s), last commit "
                + plan.reached() + ")");
        return new RestoreSource() {
            @Override
            public RestorePoint point() {
                return point;
            }

            @Override
            public Verification stageInto(Path target, RestoreProgress progress) throws IOException {
                Rebuilt r;
                try {
                    r = rebuild(plan, target);
                } catch (SQLException | GapException e) {
                    throw new IOException("rebuilding " + point.description() + " failed: " + e.getMessage(), e);
                }
                return new Verification(point.id(), Verification.PASSED, Instant.now().toString(),
                        "rebuilt from the archive: " + r.transactionsApplied() + " transaction(s) replayed, "
                                + "segment checksums ok, integrity_check ok, sha256 " + r.sha256());
            }
        };
    }

    /**
     * Rebuilds the planned state into {@code target}, which must not exist; works in a dot-file beside it and renames
     * it into place only once verified. Two threads: the segments' SHA-256 checks run beside the replay, and the
     * result's fsync, SHA-256 and row counts beside its {@code integrity_check}; every check has passed before the
     * rename.
     */
    public Rebuilt rebuild(Plan plan, Path target) throws IOException, SQLException, GapException {
        if (Files.exists(target)) {
            throw new IOException(target + " already exists");
        }
        ChainId id = new ChainId(plan.chain());
        BackupStore base = store.baseStore(id);
        BackupMetadata meta = base.read(new dev.bri.backup.BackupId(plan.baseBackupId()))
                .orElseThrow(() -> new IOException("chain " + id + " has lost its base snapshot "
                        + plan.baseBackupId()));
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path work = parent.resolve(".pitr-" + target.getFileName() + ".tmp");
        List<Path> leftovers = List.of(work, work.resolveSibling(work.getFileName() + "-wal"),
                work.resolveSibling(work.getFileName() + "-shm"));
        // a WAL left by an interrupted earlier rebuild must not be replayed into this one
        leftovers.forEach(FileOps::deleteQuietly);
        ExecutorService beside = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pitr-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            long started = System.nanoTime();
            RestoreFiles.stage(base, meta, work, RestoreProgress.NONE);
            List<Future<SegmentFooter>> checksums = new ArrayList<>();
            for (Path segment : plan.segments()) {
                checksums.add(beside.submit(() -> SegmentFile.verify(segment)));
            }
            long applied = replay(plan, id, work);
            for (Future<SegmentFooter> checksum : checksums) {
                await(checksum);
            }
            long replayed = System.nanoTime();
            Future<String> sha = beside.submit(() -> {
                DurableFiles.fsync(work);
                return FileOps.sha256(work);
            });
            Future<Map<String, Long>> counts = beside.submit(() -> {
                try (Connection c = SqliteFiles.open(work, false)) {
                    return SqliteFiles.rowCounts(c);
                }
            });
            try (Connection c = SqliteFiles.open(work, false)) {
                String integrity = SqliteFiles.integrityCheck(c);
                if (!"ok".equals(integrity)) {
                    throw new SQLException("integrity_check of the rebuilt database: " + integrity);
                }
            }
            String digest = await(sha);
            Map<String, Long> rows = await(counts);
            long checked = System.nanoTime();
            long bytes = Files.size(work);
            DurableFiles.publish(work, target);
            return new Rebuilt(plan, target, digest, bytes, rows, applied, Duration.ofNanos(replayed - started),
                    Duration.ofNanos(checked - replayed));
        } finally {
            beside.shutdownNow();
            try {
                // the checks read the work file: let them stop before it is deleted
                beside.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            leftovers.forEach(FileOps::deleteQuietly);
        }
    }

    private static <T> T await(Future<T> future) throws IOException, SQLException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking the rebuilt database", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /**
     * Writes each replayed page where a checkpoint would (page n at (n-1) * page size) and, at each commit, cuts the
     * file to the database size the commit frame records: the result is what checkpointing the WAL would produce.
     * Checks each record's CRC, not the segments' SHA-256 ({@link #rebuild} does that beside it).
     */
    private long replay(Plan plan, ChainId id, Path file) throws IOException, GapException {
        long[] applied = {0};
        WalPosition expected = store.manifest(id).map(ChainManifest::start).orElse(null);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (Path segment : plan.segments()) {
                // read before its checksum is checked: a damaged footer fails that check, before anything is published
                SegmentFooter footer = SegmentFile.footer(segment);
                if (!footer.chain().equals(id.value())) {
                    throw new GapException("segment " + segment.getFileName() + " belongs to chain " + footer.chain());
                }
                if (expected != null && !expected.equals(footer.start())) {
                    throw new GapException("segment " + segment.getFileName() + " does not continue the previous one "
                            + "(starts at " + footer.start() + ", previous ended at " + expected + ")");
                }
                expected = footer.end();
                int pageSize = footer.pageSize();
                long[] tx = {footer.firstTx()};
                SegmentFile.replay(segment, pageSize, r -> {
                    if (!plan.replays(tx[0]++, r.committedAt())) {
                        return false;
                    }
                    for (int i = 0; i < r.frames(); i++) {
                        int pageNumber = r.pageNumber(i);
                        if (pageNumber < 1) {
                            // possible only with a damaged record whose CRC still matches; the SHA-256 check would
                            // refuse it too, but not before this write
                            throw new SegmentFile.CorruptSegmentException(segment, "page number " + pageNumber);
                        }
                        ByteBuffer page = r.page(i);
                        long at = (pageNumber - 1L) * pageSize;
                        while (page.hasRemaining()) {
                            at += out.write(page, at);
                        }
                    }
                    long size = (long) r.databasePages() * pageSize;
                    if (out.size() > size) {
                        out.truncate(size);
                    }
                    applied[0]++;
                    return true;
                });
            }
        }
        return applied[0];
    }
}
