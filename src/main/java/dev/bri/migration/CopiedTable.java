package dev.bri.migration;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A table whose rows a migration copies, keyed by a unique 64-bit column it is read in order of (keyset batches: a
 * resumed copy continues after the last key the target committed). The other tables are derived on the target:
 * object detections, item spans and the search index by the target's own triggers and generated columns, SQLite's
 * per-video term statistics by its backfill job.
 */
record CopiedTable(String name, String key, List<Column> columns) {

    enum Type {
        LONG, DOUBLE, TEXT
    }

    record Column(String name, Type type) {
    }

    /** In foreign-key order: a table comes after the tables it references. */
    static final List<CopiedTable> ALL = List.of(
            new CopiedTable("videos", "seq", columns("seq:L", "id:T", "filename:T", "file_path:T", "thumbnail_path:T",
                    "duration_seconds:D", "status:T", "created_at:T", "updated_at:T")),
            new CopiedTable("lineage_sources", "id", columns("id:L", "tool:T", "tool_version:T", "model_version:T",
                    "parameters:T", "created_at:T")),
            new CopiedTable("context_items", "seq", columns("seq:L", "video_seq:L", "item_id:T", "type:T",
                    "start_seconds:D", "end_seconds:D", "data:T", "search_text:T", "source_id:L", "created_at:T",
                    "updated_at:T")),
            new CopiedTable("transcripts", "video_seq", columns("video_seq:L", "full_text:T", "language:T",
                    "updated_at:T")),
            new CopiedTable("memory_turns", "seq", columns("seq:L", "video_seq:L", "role:T", "content:T",
                    "created_at:T")),
            new CopiedTable("pipeline_events", "seq", columns("seq:L", "video_seq:L", "stage:T", "status:T",
                    "duration_ms:L", "error:T", "reported_at:T")));

    /** Tables the target derives from the copied rows; their row counts are compared too. */
    static final List<String> DERIVED = List.of("object_detections", "item_spans");

    String columnList() {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    private static List<Column> columns(String... specs) {
        return java.util.Arrays.stream(specs).map(s -> {
            String[] parts = s.split(":");
            Type type = switch (parts[1]) {
                case "L" -> Type.LONG;
                case "D" -> Type.DOUBLE;
                default -> Type.TEXT;
            };
            return new Column(parts[0], type);
        }).toList();
    }
}
