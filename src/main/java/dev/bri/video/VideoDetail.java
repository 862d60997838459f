package dev.bri.video;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Map;

/** A video with its item counts per type and which types are present (BRI's processing-status view). */
public record VideoDetail(@JsonUnwrapped Video video, Map<String, Long> counts, Map<String, Boolean> completeness,
        boolean complete, long memoryTurns) {
}
