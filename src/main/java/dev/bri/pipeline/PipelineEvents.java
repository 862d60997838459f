package dev.bri.pipeline;

import dev.bri.domain.NotFoundException;
import dev.bri.storage.Database;
import dev.bri.storage.Statements;
import dev.bri.video.Video;
import dev.bri.video.VideoRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Reads a video's recorded stage reports and folds them into its progress. */
@ApplicationScoped
public class PipelineEvents {

    private final Database database;

    public PipelineEvents(Database database) {
        this.database = database;
    }

    /** One recorded report, as stored. */
    record Event(PipelineStage stage, String status, Long durationMs, String error, String reportedAt) {
    }

    public PipelineProgress progress(String videoId) {
        return database.read("pipeline_read", c -> {
            Video video = VideoRepository.find(c, videoId)
                    .orElseThrow(() -> new NotFoundException("video '" + videoId + "'"));
            PreparedStatement s = Statements.cached(c, "SELECT stage, status, duration_ms, error, reported_at "
                    + "FROM pipeline_events WHERE video_seq = ? ORDER BY seq");
            s.setLong(1, video.seq());
            List<Event> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long duration = rs.getLong(3);
                    events.add(new Event(PipelineStage.fromWire(rs.getString(1)), rs.getString(2),
                            rs.wasNull() ? null : duration, rs.getString(4), rs.getString(5)));
                }
            }
            return fold(video, events);
        });
    }

    static PipelineProgress fold(Video video, List<Event> events) {
        Map<PipelineStage, StageState> states = new EnumMap<>(PipelineStage.class);
        for (PipelineStage stage : PipelineStage.values()) {
            states.put(stage, new StageState());
        }
        for (Event event : events) {
            states.get(event.stage()).apply(event);
        }
        List<PipelineProgress.Stage> stages = new ArrayList<>();
        int succeeded = 0;
        for (PipelineStage stage : PipelineStage.values()) {
            if (stage != PipelineStage.PIPELINE) {
                PipelineProgress.Stage view = states.get(stage).view(stage);
                stages.add(view);
                succeeded += view.state().equals("succeeded") ? 1 : 0;
            }
        }
        PipelineProgress.Stage whole = states.get(PipelineStage.PIPELINE).view(PipelineStage.PIPELINE);
        double progress = whole.state().equals("succeeded") ? 1.0 : (double) succeeded / stages.size();
        return new PipelineProgress(video.id(), video.status(), progress, whole, stages, events.size(),
                events.isEmpty() ? null : events.get(events.size() - 1).reportedAt());
    }

    /** The latest attempt of one stage: a new start forgets the previous attempt's outcome. */
    private static final class StageState {
        String state = "pending";
        String startedAt;
        String finishedAt;
        Long durationMs;
        String error;
        int attempts;

        void apply(Event event) {
            switch (event.status()) {
                case "started" -> {
                    state = "running";
                    startedAt = event.reportedAt();
                    finishedAt = null;
                    durationMs = null;
                    error = null;
                    attempts++;
                }
                case "succeeded", "failed" -> {
                    state = event.status();
                    finishedAt = event.reportedAt();
                    durationMs = event.durationMs();
                    error = event.error();
                }
                default -> throw new IllegalStateException("unknown stage status " + event.status());
            }
        }

        PipelineProgress.Stage view(PipelineStage stage) {
            return new PipelineProgress.Stage(stage.wire(), state, startedAt, finishedAt, durationMs, error, attempts);
        }
    }
}
