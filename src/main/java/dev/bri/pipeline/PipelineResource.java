package dev.bri.pipeline;

import dev.bri.api.Problem;
import dev.bri.observability.StructuredLog;
import dev.bri.storage.Database;
import dev.bri.storage.Timestamps;
import dev.bri.video.Video;
import dev.bri.video.VideoChanged;
import dev.bri.video.VideoIds;
import dev.bri.video.VideoRepository;
import dev.bri.video.VideoStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.event.Event;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@Path("/api/v1/videos/{videoId}/pipeline")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "pipeline", description = "Processing progress reported by BRI's pipelines")
public class PipelineResource {

    /** The pipeline log category: one JSON record per stage report (see docs/CONFIGURATION.md for its file). */
    static final Logger PIPELINE_LOG = Logger.getLogger("bri.pipeline");

    private final Database database;
    private final PipelineEvents events;
    private final MeterRegistry registry;
    private final Event<VideoChanged> changed;

    public PipelineResource(Database database, PipelineEvents events, MeterRegistry registry,
            Event<VideoChanged> changed) {
        this.database = database;
        this.events = events;
        this.registry = registry;
        this.changed = changed;
    }

    @GET
    @Operation(summary = "The video's processing progress, from the recorded stage reports",
            description = "Each processing stage's latest state (pending, running, succeeded, failed) with its times, "
                    + "duration and error, the whole run's state, and progress: the share of stages succeeded.")
    @APIResponse(responseCode = "200", description = "The progress", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PipelineProgress.class)))
    @APIResponse(responseCode = "404", description = "No such video",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PipelineProgress progress(@PathParam("videoId")
            @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId) {
        return events.progress(videoId);
    }

    /** The video's status after the report. */
    public record Accepted(String videoId, String stage, String reportStatus, VideoStatus videoStatus) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report a pipeline stage; updates the video's processing status")
    public Accepted report(@PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE)
            String videoId, @Valid @NotNull StageReport report) {
        PipelineStage stage = PipelineStage.fromWire(report.stage());
        VideoStatus after = database.write("pipeline_report", c -> {
            long videoSeq = VideoRepository.requireSeq(c, videoId);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO pipeline_events (video_seq, stage, status, "
                    + "duration_ms, error, reported_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setLong(1, videoSeq);
                s.setString(2, report.stage());
                s.setString(3, report.status());
                if (report.durationMs() == null) {
                    s.setNull(4, Types.INTEGER);
                } else {
                    s.setLong(4, report.durationMs());
                }
                s.setString(5, report.error());
                s.setString(6, Timestamps.now());
                s.executeUpdate();
            }
            VideoStatus next = stage.statusAfter(report.status());
            if (next != null) {
                VideoRepository.updateStatus(c, videoSeq, next);
            }
            return VideoRepository.find(c, videoId).map(Video::status).orElseThrow();
        });
        changed.fire(new VideoChanged(videoId, "pipeline"));
        if (report.durationMs() != null) {
            Timer.builder("bri.pipeline.stage").description("Duration of pipeline stages as reported")
                    .tags("stage", report.stage(), "status", report.status())
                    .register(registry).record(Duration.ofMillis(report.durationMs()));
        }
        StructuredLog.log(PIPELINE_LOG, "failed".equals(report.status()) ? Logger.Level.WARN : Logger.Level.INFO,
                StructuredLog.fields("pipeline_stage", report.stage(), "pipeline_status", report.status(),
                        "pipeline_duration_ms", report.durationMs(), "pipeline_error", report.error(),
                        "video_status", after.wire()),
                String.format("pipeline.stage stage=%s status=%s duration_ms=%s video_status=%s error=%s",
                        report.stage(), report.status(), report.durationMs(), after.wire(), report.error()));
        return new Accepted(videoId, report.stage(), report.status(), after);
    }
}
