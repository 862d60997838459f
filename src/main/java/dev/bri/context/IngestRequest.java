package dev.bri.context;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Body of {@code POST /api/v1/videos/{id}/context}. Checked field by field by {@link ItemValidator}. */
public record IngestRequest(List<Item> items) {

    /** One item as sent; {@code data} is the type's JSON document in BRI's shapes. */
    public record Item(String id, String type, Double start, Double end, JsonNode data, Source source) {
    }

    /** Lineage: which tool, version and model produced the item, with which parameters. */
    public record Source(String tool, String toolVersion, String modelVersion, JsonNode parameters) {
    }
}
