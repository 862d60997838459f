package dev.bri.context;

import com.fasterxml.jackson.annotation.JsonRawValue;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A stored item as served; its document and lineage parameters are passed through as stored JSON. */
public record ContextItem(String id, String type, double start, Double end,
        @Schema(type = SchemaType.OBJECT, description = "The item's JSON document, as ingested") RawJson data,
        Lineage source) {

    public record Lineage(String tool, String toolVersion, String modelVersion,
            @Schema(type = SchemaType.OBJECT) @JsonRawValue String parameters) {
    }
}
