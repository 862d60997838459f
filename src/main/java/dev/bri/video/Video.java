package dev.bri.video;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A video as stored; {@code seq} is the internal key other tables reference. */
public record Video(@JsonIgnore long seq, String id, String filename, String filePath, String thumbnailPath,
        double duration, VideoStatus status, String createdAt, String updatedAt) {
}
