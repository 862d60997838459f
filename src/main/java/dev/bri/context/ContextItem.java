package dev.bri.context;

import com.fasterxml.jackson.annotation.JsonRawValue;

/** A stored item as served; its document and lineage parameters are passed through as stored JSON. */
public record ContextItem(String id, String type, double start, Double end, @JsonRawValue String data,
        Lineage source) {

    public record Lineage(String tool, String toolVersion, String modelVersion, @JsonRawValue String parameters) {
    }
}
