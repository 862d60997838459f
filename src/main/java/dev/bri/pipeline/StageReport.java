package dev.bri.pipeline;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** A pipeline's report on one stage of processing a video. */
public record StageReport(
        @NotNull @Pattern(regexp = PipelineStage.REGEX, message = PipelineStage.MESSAGE) String stage,
        @NotNull @Pattern(regexp = "started|succeeded|failed", message = "must be started, succeeded or failed") String status,
        @PositiveOrZero @Max(604_800_000L) Long durationMs,
        @Size(max = 4000) String error) {
}
