package dev.bri.video;

import dev.bri.erasure.Erasures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

/**
 * Videos: create or update, list, read, erase. Each committed change is announced ({@link VideoChanged}) before the
 * call returns, so caches never serve a client data older than its own acknowledged write.
 */
@ApplicationScoped
public class VideoService {

    private final VideoRepository videos;
    private final Erasures erasures;
    private final Event<VideoChanged> changed;

    public VideoService(VideoRepository videos, Erasures erasures, Event<VideoChanged> changed) {
        this.videos = videos;
        this.erasures = erasures;
        this.changed = changed;
    }

    public VideoRepository.Upserted upsert(String videoId, VideoRequest request) {
        VideoRepository.Upserted result = videos.upsert(videoId, request);
        changed.fire(new VideoChanged(videoId, "video"));
        return result;
    }

    public VideoPage list(VideoStatus status, String after, int limit) {
        return videos.list(status, after, limit);
    }

    public VideoDetail detail(String videoId) {
        return videos.detail(videoId);
    }

    /** Erases the video and everything stored about it; false when there was no such video. */
    public boolean erase(String videoId) {
        if (!erasures.eraseVideo(videoId, "api")) {
            return false;
        }
        changed.fire(new VideoChanged(videoId, "erase"));
        return true;
    }
}
