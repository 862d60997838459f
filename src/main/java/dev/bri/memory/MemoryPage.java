package dev.bri.memory;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of turns. {@code next_before} (paging back) or {@code next_after} (paging forward) is the cursor for the
 * following page, absent when there is none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemoryPage(List<MemoryTurn> turns,
        @Schema(description = "Pass as before= to read the older turns; absent when there are none") Long nextBefore,
        @Schema(description = "Pass as after= to read the newer turns; absent when there are none") Long nextAfter) {
}
