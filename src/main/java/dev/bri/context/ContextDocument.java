package dev.bri.context;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bri.memory.MemoryTurn;
import dev.bri.video.Video;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Everything known about a video (or a time window of it), each list in time order. When a part could not be read
 * the rest is still returned, with {@code partial: true} and the names of the {@code missing} parts. {@code full_text}
 * and {@code language} sit beside the transcript segments, as in BRI's own transcript shape.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContextDocument(Video video,
        @Schema(type = SchemaType.OBJECT, description = "The latest metadata item's document") RawJson metadata,
        List<ContextItem> frames, List<ContextItem> captions, List<ContextItem> transcript, List<ContextItem> objects,
        @Schema(description = "The whole transcript's text, when transcripts were asked for and the pipeline sent it "
                + "(transcript.full_text of an ingest)") String fullText,
        @Schema(description = "The transcript's spoken language (BCP 47), when the pipeline sent it") String language,
        List<MemoryTurn> memory, Window window, Boolean partial, List<String> missing) {

    @JsonIgnore
    public boolean isPartial() {
        return Boolean.TRUE.equals(partial);
    }

    /** The requested window in seconds; absent when the whole video was asked for. */
    public record Window(double from, Double to) {
    }
}
