package dev.bri.erasure;

import dev.bri.api.RequestContext;
import dev.bri.domain.RetryLaterException;
import dev.bri.observability.AuditEvent;
import dev.bri.storage.Database;
import dev.bri.storage.DatabaseOpening;
import dev.bri.storage.Engine;
import dev.bri.storage.Timestamps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The one erasure path: the ledger record is forced to disk inside the erasure's transaction, before it commits, so
 * no erasure is ever acknowledged without a record a restore can replay. The API's DELETE and the retention job go
 * through here; a restore (online or offline) and every start-up apply the ledger again ({@link #replay}).
 */
@ApplicationScoped
public class Erasures {

    private static final Logger LOG = Logger.getLogger(Erasures.class);

    private final Database database;
    private final ErasureLedger ledger;
    private final Event<AuditEvent> audit;
    private final MeterRegistry registry;
    private final AtomicInteger damaged = new AtomicInteger();

    public Erasures(Database database, ErasureConfig config, Event<AuditEvent> audit, MeterRegistry registry) {
        this.database = database;
        this.ledger = new ErasureLedger(config.ledgerDir());
        this.audit = audit;
        this.registry = registry;
        Gauge.builder("bri.erasure.ledger.damaged", damaged, AtomicInteger::get)
                .description("1 when the erasure ledger has a damaged record in its middle (restores are rolled back)")
                .register(registry);
    }

    public ErasureLedger ledger() {
        return ledger;
    }

    /**
     * Once the schema is migrated and before the database takes its first request: a crash between a restore's file
     * swap and its replay, or a database file copied back by hand, must not bring erased data back. A damaged ledger
     * does not stop the service (erasures still append to it); it is reported and restores are rolled back.
     */
    void onOpening(@Observes DatabaseOpening opening) {
        if (opening.engine() != Engine.SQLITE) {
            // Only a SQLite file put back (restore, copy by hand) can bring erased rows back; PostgreSQL's recovery
            // is its own (docs/BACKUP_RESTORE_GUIDE.md), and this pod's ledger is not the whole story there.
            LOG.infof("erasure.ledger_not_replayed engine=%s file=%s", opening.engine().key(), ledger.file());
            return;
        }
        try {
            List<LedgerEntry> entries = read("start-up");
            int applied = opening.run(c -> replay(c, entries, "start-up").size());
            LOG.infof("erasure.ledger_checked file=%s records=%d reapplied=%d", ledger.file(), entries.size(),
                    applied);
        } catch (LedgerDamagedException e) {
            LOG.errorf("erasure.ledger_damaged %s", e.getMessage());
        } catch (IOException e) {
            LOG.errorf("erasure.ledger_unreadable file=%s error=%s", ledger.file(), e.getMessage());
        } catch (SQLException e) {
            throw new IllegalStateException("erasure ledger replay at start-up failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the ledger, repairing a torn tail; throws when it is damaged in the middle. A restore calls this before
     * it changes anything, so such damage refuses the restore instead of leaving a half-done one.
     */
    public List<LedgerEntry> read(String purpose) throws IOException, LedgerDamagedException {
        try {
            ErasureLedger.Contents contents = ledger.read();
            damaged.set(0);
            if (contents.repairedBytes() > 0) {
                LOG.warnf("erasure.ledger_tail_repaired file=%s cut_bytes=%d records=%d purpose=%s", ledger.file(),
                        contents.repairedBytes(), contents.entries().size(), purpose);
            }
            return contents.entries();
        } catch (LedgerDamagedException e) {
            damaged.set(1);
            throw e;
        }
    }

    /** Erases a video and everything about it; false if there is no such video (nothing is recorded then). */
    public boolean eraseVideo(String videoId, String reason) {
        return eraseVideo(videoId, reason, RequestContext.requestId(), (c, videoSeq) -> true);
    }

    /** A check made inside the erasure's transaction, on the video's current state. */
    @FunctionalInterface
    public interface StillDue {
        boolean test(Connection c, long videoSeq) throws SQLException;
    }

    /**
     * Erases a video if it exists and {@code due} still holds inside the erasure's transaction (retention: the video
     * was not updated since it was selected); false when nothing was erased (nothing is recorded then).
     */
    public boolean eraseVideo(String videoId, String reason, String requestId, StillDue due) {
        boolean erased = database.write("video_erase", c -> {
            Long videoSeq = videoSeq(c, videoId);
            if (videoSeq == null || !due.test(c, videoSeq)) {
                return false;
            }
            record(LedgerEntry.VIDEO, videoId, null, null, requestId, reason);
            // ON DELETE CASCADE takes every item, detection, index entry, turn and report with it
            try (PreparedStatement s = c.prepareStatement("DELETE FROM videos WHERE seq = ?")) {
                s.setLong(1, videoSeq);
                return s.executeUpdate() > 0;
            }
        });
        if (erased) {
            Counter.builder("bri.erasure.videos").tag("reason", reason).description("Videos erased")
                    .register(registry).increment();
        }
        return erased;
    }

    /**
     * Forgets a video's conversation memory (every turn stored so far), recorded in the ledger so a restore does not
     * bring the turns back; empty if there is no such video. Nothing is recorded when there are no turns.
     */
    public Optional<Integer> clearMemory(String videoId, String reason) {
        String requestId = RequestContext.requestId();
        int removed = database.write("memory_clear", c -> {
            Long videoSeq = videoSeq(c, videoId);
            if (videoSeq == null) {
                return -1;
            }
            long newest;
            try (PreparedStatement s = c.prepareStatement("SELECT max(seq) FROM memory_turns WHERE video_seq = ?")) {
                s.setLong(1, videoSeq);
                try (ResultSet rs = s.executeQuery()) {
                    newest = rs.next() ? rs.getLong(1) : 0;
                    if (rs.wasNull() || newest == 0) {
                        return 0;
                    }
                }
            }
            record(LedgerEntry.MEMORY_CLEAR, videoId, null, newest, requestId, reason);
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM memory_turns WHERE video_seq = ? AND seq <= ?")) {
                s.setLong(1, videoSeq);
                s.setLong(2, newest);
                return s.executeUpdate();
            }
        });
        if (removed < 0) {
            return Optional.empty();
        }
        countTurns(reason, removed);
        return Optional.of(removed);
    }

    /** What one batch of memory retention removed, and from which videos (their caches must be dropped). */
    public record MemoryBatch(int removed, Set<String> videoIds) {
    }

    /**
     * Removes memory turns created before {@code before} (memory retention), the oldest {@code batch} at a time so
     * the writer is never held long. The cut-off is recorded in the ledger with the first batch that removes anything
     * ({@code recorded} false); later batches of the same cut-off need no new record.
     */
    public MemoryBatch eraseMemoryBefore(String before, int batch, String reason, String runId, boolean recorded) {
        MemoryBatch done = database.write("memory_erase", c -> {
            long last = 0;
            Set<String> videos = new TreeSet<>();
            int found = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT m.seq, v.id FROM memory_turns m JOIN videos v "
                    + "ON v.seq = m.video_seq WHERE m.created_at < ? ORDER BY m.seq LIMIT ?")) {
                s.setString(1, before);
                s.setInt(2, batch);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        last = rs.getLong(1);
                        videos.add(rs.getString(2));
                        found++;
                    }
                }
            }
            if (found == 0) {
                return new MemoryBatch(0, Set.of());
            }
            // still inside the transaction: if the record cannot be written, nothing is removed
            if (!recorded) {
                record(LedgerEntry.MEMORY_BEFORE, null, before, null, runId, reason);
            }
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM memory_turns WHERE seq <= ? AND created_at < ?")) {
                s.setLong(1, last);
                s.setString(2, before);
                return new MemoryBatch(s.executeUpdate(), Set.copyOf(videos));
            }
        });
        countTurns(reason, done.removed());
        return done;
    }

    /**
     * Applies the ledger to the database on {@code c} again and audits every erasure that found something: used
     * right after a restore swapped a file in (before any request reads it) and at start-up.
     */
    public List<LedgerReplay.Applied> replay(Connection c, List<LedgerEntry> entries, String trigger)
            throws SQLException {
        List<LedgerReplay.Applied> applied = LedgerReplay.apply(c, entries);
        for (LedgerReplay.Applied a : applied) {
            LedgerEntry e = a.entry();
            String target = switch (e.kind()) {
                case LedgerEntry.MEMORY_BEFORE -> "memory before " + e.before();
                case LedgerEntry.MEMORY_CLEAR -> e.videoId() + " memory";
                default -> e.videoId();
            };
            LOG.infof("erasure.reapplied trigger=%s seq=%d kind=%s target=%s erased_at=%s rows=%d", trigger,
                    e.seq(), e.kind(), target, e.at(), a.rows());
            audit.fire(new AuditEvent("erasure.reapply", target, "success", "ledger record " + e.seq() + " of "
                    + e.at() + " applied again after " + trigger + " (" + a.rows() + " row(s))", "system",
                    RequestContext.requestId()));
            Counter.builder("bri.erasure.reapplied").description("Erasures applied again after a restore or start-up")
                    .register(registry).increment();
        }
        return applied;
    }

    /** Forces the ledger record to disk; called inside the erasure's transaction, so a failure erases nothing. */
    private void record(String kind, String videoId, String before, Long throughTurn, String requestId,
            String reason) {
        try {
            // the time is taken inside the writer's transaction: every row it erases was written at or before it
            ledger.append(Timestamps.now(), kind, videoId, before, throughTurn, requestId, reason);
        } catch (IOException | LedgerDamagedException e) {
            LOG.errorf("erasure.ledger_write_failed file=%s error=%s", ledger.file(), e.getMessage());
            throw new RetryLaterException("the erasure cannot be recorded in the erasure "
                    + "ledger (" + e.getMessage() + "); nothing was erased, retry later", Duration.ofSeconds(30));
        }
    }

    private void countTurns(String reason, int removed) {
        if (removed > 0) {
            Counter.builder("bri.erasure.memory.turns").tag("reason", reason).description("Memory turns erased")
                    .register(registry).increment(removed);
        }
    }

    private static Long videoSeq(Connection c, String videoId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq FROM videos WHERE id = ?")) {
            s.setString(1, videoId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
