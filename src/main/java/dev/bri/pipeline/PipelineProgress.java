package dev.bri.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bri.video.VideoStatus;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A video's processing progress, folded from its recorded stage reports: each stage's latest state, and the share of
 * the processing stages that succeeded (1.0 once the whole pipeline succeeded).
 */
public record PipelineProgress(String videoId, VideoStatus videoStatus,
        @Schema(description = "Succeeded processing stages over all of them; 1.0 once the pipeline succeeded") double progress,
        @Schema(description = "The whole run: its own stage 'pipeline'") Stage pipeline,
        @Schema(description = "The processing stages, in pipeline order") List<Stage> stages,
        @Schema(description = "Stage reports recorded for this video") int reports,
        @Schema(description = "When the last report arrived, absent when none did") String lastReportAt) {

    /** One stage's latest state: pending (never reported), running, succeeded or failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stage(String stage,
            @Schema(enumeration = {
                    "pending", "running", "succeeded", "failed"}) String state,
            String startedAt, String finishedAt, Long durationMs, String error,
            @Schema(description = "Times this stage was started (a retried stage counts each attempt)") int attempts){
    }
}
