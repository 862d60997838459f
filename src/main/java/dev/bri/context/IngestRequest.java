package dev.bri.context;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Body of {@code POST /api/v1/videos/{id}/context}. Checked field by field by {@link ItemValidator}. {@code transcript}
 * carries the whole transcript's full text and language (BRI's transcriber output beside its segments); it may come
 * alone, with no items.
 */
public record IngestRequest(List<Item> items, TranscriptText transcript) {

    public IngestRequest(List<Item> items) {
        this(items, null);
    }

    /** One item as sent; {@code data} is the type's JSON document in BRI's shapes. */
    public record Item(String id, String type, Double start, Double end, JsonNode data, Source source) {
    }

    /** Lineage: which tool, version and model produced the item, with which parameters. */
    public record Source(String tool, String toolVersion, String modelVersion, JsonNode parameters) {
    }
}
