package dev.bri.context;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The whole transcript of a video as one document: its full text and spoken language, either may be absent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TranscriptText(
        @Schema(description = "The whole transcript as one text") String fullText,
        @Schema(description = "The spoken language as a BCP 47 tag, such as en or pt-BR", example = "en") String language) {
}
