package dev.bri.pipeline;

import dev.bri.api.Problem;
import dev.bri.video.VideoIds;
import dev.bri.video.VideoStatus;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/videos/{videoId}/pipeline")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "pipeline", description = "Processing progress reported by BRI's pipelines")
public class PipelineResource {

    private final PipelineService pipeline;

    public PipelineResource(PipelineService pipeline) {
        this.pipeline = pipeline;
    }

    @GET
    @Operation(summary = "The video's processing progress, from the recorded stage reports", description = "Each processing stage's latest state (pending, running, succeeded, failed) with its times, "
            + "duration and error, the whole run's state, and progress: the share of stages succeeded.")
    @APIResponse(responseCode = "200", description = "The progress", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PipelineProgress.class)))
    @APIResponse(responseCode = "404", description = "No such video", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PipelineProgress progress(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId) {
        return pipeline.progress(videoId);
    }

    /** The video's status after the report. */
    public record Accepted(String videoId, String stage, String reportStatus, VideoStatus videoStatus) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report a pipeline stage; updates the video's processing status")
    public Accepted report(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId,
            @Valid @NotNull StageReport report) {
        VideoStatus after = pipeline.report(videoId, report);
        return new Accepted(videoId, report.stage(), report.status(), after);
    }
}
