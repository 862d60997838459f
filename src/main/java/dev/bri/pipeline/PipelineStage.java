package dev.bri.pipeline;

import dev.bri.video.VideoStatus;

/**
 * BRI's processing stages. A fixed set, so they can label metrics. {@code pipeline} is the whole run: its start
 * moves a video to processing and its success to complete; any failed stage moves it to error.
 */
public enum PipelineStage {
    EXTRACTING(VideoStatus.EXTRACTING), CAPTIONING(VideoStatus.CAPTIONING), TRANSCRIBING(
            VideoStatus.TRANSCRIBING), DETECTING(
                    VideoStatus.PROCESSING), INDEXING(VideoStatus.PROCESSING), PIPELINE(VideoStatus.PROCESSING);

    static final String REGEX = "extracting|captioning|transcribing|detecting|indexing|pipeline";
    static final String MESSAGE = "must be one of extracting, captioning, transcribing, detecting, indexing, pipeline";

    private final VideoStatus whileRunning;

    PipelineStage(VideoStatus whileRunning) {
        this.whileRunning = whileRunning;
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static PipelineStage fromWire(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    /** The video's status after this report, or null when the report does not change it. */
    public VideoStatus statusAfter(String outcome) {
        return switch (outcome) {
            case "started" -> whileRunning;
            case "failed" -> VideoStatus.ERROR;
            default -> this == PIPELINE ? VideoStatus.COMPLETE : null;
        };
    }
}
