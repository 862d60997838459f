package dev.bri.archive;

import dev.bri.backup.FileOps;
import dev.bri.io.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the archive bounded: <b>retention</b> removes whole chains that no point inside the recovery window
 * ({@code bri.backup.archive.window}) needs, and <b>compaction</b> merges a chain's sealed segments into one file per
 * minute, then per hour, so a restore to any second reads a bounded number of files (about 24 hour files, 59 minute
 * files and 59 interval files for a day-long chain instead of one file per second).
 *
 * <p>Retention works on whole chains: a segment replays on its chain's base and every earlier segment, so a chain is
 * kept entirely or not at all. A chain is needed while the next chain (which holds every state from its own start)
 * started inside the window; the newest committed chain is always kept, whatever its age. Chain directories without a
 * {@code chain.json} (a start that failed or was interrupted) are removed once they are an hour old.
 *
 * <p>Compaction writes the merged file under a dot-name, checks every source's SHA-256 first, seals the result like
 * any segment (footer, SHA-256, fsync, rename), and only then deletes the sources; a crash in between leaves both, and
 * readers take the wider file.
 */
public final class ArchiveMaintenance {

    /** What one pass did. */
    public record Result(List<String> deletedChains, int mergedFiles, int removedSegments) {
    }

    private static final Duration STALE_START = Duration.ofHours(1);

    private final ArchiveStore store;

    public ArchiveMaintenance(ArchiveStore store) {
        this.store = store;
    }

    /**
     * One pass at {@code now}: retention with {@code window}, then compaction of every remaining chain.
     *
     * @param starting the chain being started right now (no chain.json yet), never removed; null when none
     */
    public Result run(Instant now, Duration window, String starting) throws IOException {
        List<String> deleted = expire(now, window, starting);
        int merged = 0;
        int removed = 0;
        for (ChainManifest chain : store.chains()) {
            ChainId id = new ChainId(chain.id());
            for (ChronoUnit unit : List.of(ChronoUnit.MINUTES, ChronoUnit.HOURS)) {
                int[] r = compact(id, unit, now);
                merged += r[0];
                removed += r[1];
            }
        }
        return new Result(deleted, merged, removed);
    }

    /** Deletes the chains the window no longer needs; returns their ids. */
    public List<String> expire(Instant now, Duration window, String starting) throws IOException {
        List<String> deleted = new ArrayList<>();
        List<ChainManifest> chains = store.chains(); // oldest first
        Instant horizon = now.minus(window);
        for (int i = 0; i < chains.size() - 1; i++) {
            Instant nextStart = chains.get(i + 1).startedAtInstant();
            if (nextStart.isBefore(horizon)) {
                store.deleteChain(new ChainId(chains.get(i).id()));
                deleted.add(chains.get(i).id());
            }
        }
        for (ChainId id : store.chainIds()) {
            if (id.value().equals(starting) || store.manifest(id).isPresent()) {
                continue;
            }
            if (id.started().isBefore(now.minus(STALE_START))) {
                store.deleteChain(id);
                deleted.add(id.value());
            }
        }
        return deleted;
    }

    /**
     * Merges runs of consecutive sealed files of {@code id} whose seal times fall in the same, already finished,
     * {@code unit} (minute or hour). Returns {files written, files removed}.
     */
    int[] compact(ChainId id, ChronoUnit unit, Instant now) throws IOException {
        List<SegmentRefWithFooter> top = topLevel(id);
        int written = 0;
        int removed = 0;
        int i = 0;
        while (i < top.size()) {
            Instant bucket = top.get(i).footer().sealedThroughInstant().truncatedTo(unit);
            int j = i;
            while (j + 1 < top.size() && top.get(j + 1).footer().sealedThroughInstant().truncatedTo(unit)
                    .equals(bucket)) {
                j++;
            }
            boolean finished = !bucket.plus(1, unit).isAfter(now);
            if (finished && j > i) {
                merge(id, top.subList(i, j + 1));
                written++;
                removed += j - i + 1;
            }
            i = j + 1;
        }
        return new int[]{written, removed};
    }

    private record SegmentRefWithFooter(ArchiveStore.SegmentRef ref, SegmentFooter footer) {
    }

    /** The chain's files read in order, narrower files covered by a wider one left out; stops at a gap. */
    private List<SegmentRefWithFooter> topLevel(ChainId id) throws IOException {
        List<SegmentRefWithFooter> top = new ArrayList<>();
        long seq = 0;
        for (ArchiveStore.SegmentRef ref : store.segments(id)) {
            if (ref.lastSeq() < seq) {
                continue;
            }
            if (ref.firstSeq() != seq) {
                break; // a gap: nothing after it is merged (a restore refuses it anyway, naming the range)
            }
            top.add(new SegmentRefWithFooter(ref, SegmentFile.footer(ref.file())));
            seq = ref.lastSeq() + 1;
        }
        return top;
    }

    private void merge(ChainId id, List<SegmentRefWithFooter> run) throws IOException {
        SegmentFooter first = run.get(0).footer();
        SegmentFooter last = run.get(run.size() - 1).footer();
        int pageSize = 0;
        long frames = 0;
        String firstCommit = null;
        String lastCommit = null;
        for (SegmentRefWithFooter s : run) {
            SegmentFile.verify(s.ref().file()); // never spread a damaged file into a merged one
            if (s.footer().transactions() > 0) {
                if (pageSize != 0 && s.footer().pageSize() != pageSize) {
                    throw new IOException("page size changed inside chain " + id);
                }
                pageSize = s.footer().pageSize();
                firstCommit = firstCommit == null ? s.footer().firstCommitAt() : firstCommit;
                lastCommit = s.footer().lastCommitAt();
            }
            frames += s.footer().frames();
        }
        Path temp = store.segmentsDir(id).resolve(".compact-" + first.firstSeq() + "-" + last.lastSeq() + ".tmp");
        Files.deleteIfExists(temp);
        SegmentFile.Writer writer = new SegmentFile.Writer(temp, pageSize);
        try {
            for (SegmentRefWithFooter s : run) {
                if (s.footer().transactions() > 0) {
                    SegmentFile.records(s.ref().file(), s.footer().pageSize(), true, r -> {
                        writer.append(r);
                        return true;
                    });
                }
            }
            SegmentFooter footer = new SegmentFooter(first.chain(), first.firstSeq(), last.lastSeq(), pageSize,
                    first.firstTx(), last.lastTx(), frames, first.start(), last.end(), firstCommit, lastCommit,
                    last.sealedThrough());
            writer.seal(footer, store.segmentFile(id, first.firstSeq(), last.lastSeq()));
        } catch (IOException | RuntimeException e) {
            writer.close();
            FileOps.deleteQuietly(temp);
            throw e;
        }
        for (SegmentRefWithFooter s : run) {
            Files.deleteIfExists(s.ref().file());
        }
        DurableFiles.fsyncDir(store.segmentsDir(id));
    }
}
