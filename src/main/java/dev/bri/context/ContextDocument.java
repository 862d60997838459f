package dev.bri.context;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.bri.memory.MemoryTurn;
import dev.bri.video.Video;
import java.util.List;

/** Everything known about a video (or a time window of it), each list in time order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContextDocument(Video video, @JsonRawValue String metadata, List<ContextItem> frames,
        List<ContextItem> captions, List<ContextItem> transcript, List<ContextItem> objects, List<MemoryTurn> memory,
        Window window) {

    /** The requested window in seconds; absent when the whole video was asked for. */
    public record Window(double from, Double to) {
    }
}
