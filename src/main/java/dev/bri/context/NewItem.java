package dev.bri.context;

/** A validated item ready to store; {@code data} and {@code parameters} are compact JSON text. */
record NewItem(String id, ItemType type, double start, Double end, String data, String searchText,
        SourceKey source) {

    record SourceKey(String tool, String toolVersion, String modelVersion, String parameters) {
    }
}
