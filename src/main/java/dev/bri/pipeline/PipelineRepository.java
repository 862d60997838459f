package dev.bri.pipeline;

import dev.bri.storage.Database;
import dev.bri.storage.Timestamps;
import dev.bri.video.Video;
import dev.bri.video.VideoRepository;
import dev.bri.video.VideoStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.Types;

/** Stage reports as stored: each one recorded, and the video's processing status moved, in one transaction. */
@ApplicationScoped
public class PipelineRepository {

    private final Database database;

    public PipelineRepository(Database database) {
        this.database = database;
    }

    /** Records the report and applies its stage's status change; returns the video's status afterwards. */
    public VideoStatus record(String videoId, PipelineStage stage, StageReport report) {
        return database.write("pipeline_report", c -> {
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
    }
}
