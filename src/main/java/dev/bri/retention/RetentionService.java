package dev.bri.retention;

import dev.bri.api.RequestContext;
import dev.bri.domain.ConflictException;
import dev.bri.erasure.Erasures;
import dev.bri.observability.AuditEvent;
import dev.bri.storage.Coordination;
import dev.bri.storage.Database;
import dev.bri.storage.Timestamps;
import dev.bri.video.VideoChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Applies the retention rules through the one erasure path ({@link Erasures}: ledger record, cascade, metrics), one
 * video or one batch of turns per transaction, so writers wait at most one batch. A video is due when neither it nor
 * any of its items or turns was written since the cut-off; that is checked again inside each erasure's transaction,
 * so a video written meanwhile is kept. The time is a parameter: tests run it with a controlled clock.
 */
// created at start-up so its metrics (enabled, last success) are exported before the first run
@Startup
@ApplicationScoped
public class RetentionService {

    private static final Logger LOG = Logger.getLogger(RetentionService.class);

    /** A video's last write is before the cut-off: the video row, every item and every memory turn. */
    static final String IDLE = "v.updated_at < ? AND NOT EXISTS (SELECT 1 FROM context_items i "
            + "WHERE i.video_seq = v.seq AND i.updated_at >= ?) AND NOT EXISTS (SELECT 1 FROM memory_turns m "
            + "WHERE m.video_seq = v.seq AND m.created_at >= ?)";

    private final RetentionConfig config;
    private final Database database;
    private final Erasures erasures;
    private final Event<VideoChanged> changed;
    private final Event<AuditEvent> audit;
    private final Counter videosErased;
    private final Counter itemsErased;
    private final Counter turnsErased;
    private final MeterRegistry registry;
    private final AtomicLong lastSuccess = new AtomicLong();
    private final ReentrantLock running = new ReentrantLock();
    private final Coordination coordination;

    /** The retention job's name for {@link Coordination}: its lock across replicas. */
    public static final String JOB = "retention";

    public RetentionService(RetentionConfig config, Database database, Erasures erasures,
            Event<VideoChanged> changed, Event<AuditEvent> audit, MeterRegistry registry, Coordination coordination) {
        this.coordination = coordination;
        this.config = config;
        this.database = database;
        this.erasures = erasures;
        this.changed = changed;
        this.audit = audit;
        this.registry = registry;
        this.videosErased = Counter.builder("bri.retention.erased.videos")
                .description("Videos erased by retention, with everything about them").register(registry);
        this.itemsErased = Counter.builder("bri.retention.erased.items")
                .description("Context items erased with the videos retention erased").register(registry);
        this.turnsErased = Counter.builder("bri.retention.erased.memory.turns")
                .description("Memory turns erased by memory retention").register(registry);
        Gauge.builder("bri.retention.enabled", config, c -> c.enabled() ? 1 : 0)
                .description("1 when a retention rule (bri.retention.videos or .memory) is set").register(registry);
        Gauge.builder("bri.retention.last.success.timestamp", lastSuccess, AtomicLong::get)
                .description("When a retention run last completed (Unix time; 0: not since start)").baseUnit("seconds")
                .register(registry);
        // both outcomes exported from the start: an alert compares them, and a series that appears only at its
        // first increment hides that increment from increase()
        runs("success", 0);
        runs("failure", 0);
    }

    public RetentionConfig config() {
        return config;
    }

    /** What a run would erase at {@code now}; changes nothing. */
    public RetentionReport dryRun(Instant now) {
        long started = System.nanoTime();
        RetentionReport.Videos videos = config.videos().map(d -> database.read("retention_plan", c -> {
            String cutoff = cutoff(now, d);
            long count = scalar(c, "SELECT count(*) FROM videos v WHERE " + IDLE, cutoff);
            long items = scalar(c, "SELECT count(*) FROM context_items x JOIN videos v ON v.seq = x.video_seq "
                    + "WHERE " + IDLE, cutoff);
            List<String> ids = dueVideos(c, cutoff, "", config.reportLimit());
            return new RetentionReport.Videos(d.toString(), cutoff, count, items, ids);
        })).orElse(null);
        RetentionReport.Memory memory = config.memory().map(d -> database.read("retention_plan", c -> {
            String cutoff = cutoff(now, d);
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT count(*), count(DISTINCT video_seq) FROM memory_turns WHERE created_at < ?")) {
                s.setString(1, cutoff);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return new RetentionReport.Memory(d.toString(), cutoff, rs.getLong(1), rs.getLong(2));
                }
            }
        })).orElse(null);
        return new RetentionReport(null, true, Timestamps.format(now), videos, memory, seconds(started));
    }

    /**
     * Erases what is due at {@code now}. {@code actor} is the audit actor ({@code system} for the schedule).
     *
     * @throws ConflictException another run is in progress
     */
    public RetentionReport run(Instant now, String trigger, String actor) {
        if (!running.tryLock()) {
            throw new ConflictException("a retention run is in progress; try again when it ends");
        }
        try {
            // several replicas on one PostgreSQL database: one run at a time across all of them
            return coordination.once(JOB, () -> runHere(now, trigger, actor)).orElseThrow(
                    () -> new ConflictException("a retention run is in progress on another replica; try again when "
                            + "it ends"));
        } finally {
            running.unlock();
        }
    }

    /**
     * The scheduled run: as {@link #run}, but at most once per {@code interval} across all replicas (every replica's
     * schedule fires; the first to claim the period runs it). Empty when this replica skipped.
     */
    public Optional<RetentionReport> runScheduled(Instant now, Duration interval) {
        if (!running.tryLock()) {
            return Optional.empty();
        }
        try {
            return coordination.oncePerPeriod(JOB, interval, now, () -> runHere(now, "schedule", "system"));
        } finally {
            running.unlock();
        }
    }

    private RetentionReport runHere(Instant now, String trigger, String actor) {
        String runId = RequestContext.requestId() != null
                ? RequestContext.requestId()
                : "retention-" + UUID.randomUUID();
        Object previousRequest = MDC.get(RequestContext.REQUEST_ID);
        MDC.put(RequestContext.REQUEST_ID, runId);
        long started = System.nanoTime();
        try {
            RetentionReport.Videos videos = config.videos().map(d -> eraseVideos(now, d, runId, actor)).orElse(null);
            RetentionReport.Memory memory = config.memory().map(d -> eraseMemory(now, d, runId, actor)).orElse(null);
            RetentionReport report = new RetentionReport(runId, false, Timestamps.format(now), videos, memory,
                    seconds(started));
            lastSuccess.set(Instant.now().getEpochSecond());
            runs("success");
            LOG.infof("retention.completed run_id=%s trigger=%s videos=%d items=%d turns=%d duration_seconds=%.3f",
                    runId, trigger, videos == null ? 0 : videos.count(), videos == null ? 0 : videos.items(),
                    memory == null ? 0 : memory.turns(), report.durationSeconds());
            audit.fire(new AuditEvent("retention.run", runId, "success", summary(report, trigger), actor, runId));
            return report;
        } catch (RuntimeException e) {
            runs("failure");
            LOG.errorf("retention.failed run_id=%s trigger=%s error=%s", runId, trigger, e.getMessage());
            audit.fire(new AuditEvent("retention.run", runId, "failure", trigger + ": " + e.getMessage(), actor,
                    runId));
            throw e;
        } finally {
            if (previousRequest == null) {
                MDC.remove(RequestContext.REQUEST_ID);
            } else {
                MDC.put(RequestContext.REQUEST_ID, previousRequest);
            }
        }
    }

    private RetentionReport.Videos eraseVideos(Instant now, Duration retention, String runId, String actor) {
        String cutoff = cutoff(now, retention);
        List<String> erased = new ArrayList<>();
        long items = 0;
        String after = "";
        while (true) {
            String from = after;
            List<String> batch = database.read("retention_select",
                    c -> dueVideos(c, cutoff, from, config.batchSize()));
            if (batch.isEmpty()) {
                break;
            }
            for (String videoId : batch) {
                long[] held = new long[1];
                boolean done = erasures.eraseVideo(videoId, "retention", runId, (c, videoSeq) -> {
                    if (!stillIdle(c, videoSeq, cutoff)) {
                        return false;
                    }
                    held[0] = scalar(c, "SELECT count(*) FROM context_items WHERE video_seq = ?", videoSeq);
                    return true;
                });
                if (done) {
                    changed.fire(new VideoChanged(videoId, "erase"));
                    erased.add(videoId);
                    items += held[0];
                    videosErased.increment();
                    itemsErased.increment(held[0]);
                    LOG.infof("retention.video_erased run_id=%s video_id=%s items=%d cutoff=%s", runId, videoId,
                            held[0], cutoff);
                    audit.fire(new AuditEvent("retention.erase_video", videoId, "success", "no write since "
                            + cutoff + " (bri.retention.videos=" + retention + "); " + held[0] + " item(s)", actor,
                            runId));
                }
            }
            after = batch.get(batch.size() - 1);
        }
        List<String> listed = erased.subList(0, Math.min(erased.size(), config.reportLimit()));
        return new RetentionReport.Videos(retention.toString(), cutoff, erased.size(), items, List.copyOf(listed));
    }

    private RetentionReport.Memory eraseMemory(Instant now, Duration retention, String runId, String actor) {
        String cutoff = cutoff(now, retention);
        long turns = 0;
        java.util.Set<String> videos = new java.util.TreeSet<>();
        while (true) {
            Erasures.MemoryBatch batch = erasures.eraseMemoryBefore(cutoff, config.batchSize(), "retention", runId,
                    turns > 0);
            for (String videoId : batch.videoIds()) {
                changed.fire(new VideoChanged(videoId, "memory"));
            }
            videos.addAll(batch.videoIds());
            turns += batch.removed();
            turnsErased.increment(batch.removed());
            if (batch.removed() < config.batchSize()) {
                break;
            }
        }
        if (turns > 0) {
            LOG.infof("retention.memory_erased run_id=%s turns=%d videos=%d cutoff=%s", runId, turns, videos.size(),
                    cutoff);
            audit.fire(new AuditEvent("retention.erase_memory", "memory before " + cutoff, "success", turns
                    + " turn(s) of " + videos.size() + " video(s) (bri.retention.memory=" + retention + ")", actor,
                    runId));
        }
        return new RetentionReport.Memory(retention.toString(), cutoff, turns, videos.size());
    }

    private static List<String> dueVideos(Connection c, String cutoff, String after, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT v.id FROM videos v WHERE v.id > ? AND " + IDLE + " ORDER BY v.id LIMIT ?")) {
            s.setString(1, after);
            s.setString(2, cutoff);
            s.setString(3, cutoff);
            s.setString(4, cutoff);
            s.setInt(5, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    private static boolean stillIdle(Connection c, long videoSeq, String cutoff) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM videos v WHERE v.seq = ? AND " + IDLE)) {
            s.setLong(1, videoSeq);
            s.setString(2, cutoff);
            s.setString(3, cutoff);
            s.setString(4, cutoff);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A count whose query takes the cut-off three times (the idle condition). */
    private static long scalar(Connection c, String sql, String cutoff) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 1; i <= 3; i++) {
                s.setString(i, cutoff);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long scalar(Connection c, String sql, long videoSeq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, videoSeq);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static String cutoff(Instant now, Duration retention) {
        return Timestamps.format(now.minus(retention));
    }

    private void runs(String outcome) {
        runs(outcome, 1);
    }

    private void runs(String outcome, double amount) {
        Counter.builder("bri.retention.runs").tag("outcome", outcome).description("Retention runs")
                .register(registry).increment(amount);
    }

    private static String summary(RetentionReport r, String trigger) {
        return trigger + ": " + (r.videos() == null
                ? "video retention off"
                : r.videos().count() + " video(s), "
                        + r.videos().items() + " item(s)")
                + "; " + (r.memory() == null
                        ? "memory retention off"
                        : r.memory().turns() + " memory turn(s)");
    }

    private static double seconds(long started) {
        return Math.round((System.nanoTime() - started) / 1e6) / 1000.0;
    }
}
