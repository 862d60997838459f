package dev.bri.pipeline;

import dev.bri.observability.StructuredLog;
import dev.bri.video.VideoChanged;
import dev.bri.video.VideoStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Stage reports: stored, then announced (cache invalidation), timed and logged to the pipeline category. */
@ApplicationScoped
public class PipelineService {

    /** The pipeline log category: one JSON record per stage report (see docs/CONFIGURATION.md for its file). */
    static final Logger PIPELINE_LOG = Logger.getLogger("bri.pipeline");

    private final PipelineRepository reports;
    private final PipelineEvents events;
    private final MeterRegistry registry;
    private final Event<VideoChanged> changed;

    public PipelineService(PipelineRepository reports, PipelineEvents events, MeterRegistry registry,
            Event<VideoChanged> changed) {
        this.reports = reports;
        this.events = events;
        this.registry = registry;
        this.changed = changed;
    }

    public PipelineProgress progress(String videoId) {
        return events.progress(videoId);
    }

    /** Records the report; returns the video's status after it. */
    public VideoStatus report(String videoId, StageReport report) {
        PipelineStage stage = PipelineStage.fromWire(report.stage());
        VideoStatus after = reports.record(videoId, stage, report);
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
        return after;
    }
}
