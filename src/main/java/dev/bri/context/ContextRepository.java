package dev.bri.context;

import dev.bri.search.IndexedText;
import dev.bri.search.SearchIndex;
import dev.bri.storage.Database;
import dev.bri.storage.Statements;
import dev.bri.storage.StorageEngine;
import dev.bri.storage.Timestamps;
import dev.bri.video.VideoRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Context items: atomic batch ingest (with the search index in the same transaction), time windows, sightings. */
@ApplicationScoped
public class ContextRepository {

    private static final ItemType[] TYPES = ItemType.values();
    /**
     * The time-window read: one arm per type, each an index range scan from (from - the type's longest item in the
     * video, kept by the item_spans triggers), since an item overlapping the window starts at most that long before
     * it. ?1 is the video, ?2 and ?3 the first type's from and to, and so on: one statement per request instead of
     * one per type and one for the spans. The first column says which type a row belongs to. No ORDER BY: merging the
     * arms in SQLite cost a quarter of the query on a full window (bench/bri1k/sqlite-window.py); each type's rows are
     * put in order in Java instead, where they arrive sorted already (index order: start_seconds, then seq).
     */
    static final String WINDOW = IntStream.range(0, TYPES.length).mapToObj(i -> {
        String type = "'" + TYPES[i].wire() + "'";
        String from = "?" + (2 + 2 * i);
        return "SELECT " + i + ", item_id, start_seconds, end_seconds, data, source_id, seq FROM context_items "
                + "WHERE video_seq = ?1 AND type = " + type + " AND start_seconds BETWEEN max(0, " + from
                + " - COALESCE((SELECT max_span FROM item_spans WHERE video_seq = ?1 AND type = " + type + "), 0)) "
                + "AND ?" + (3 + 2 * i) + " AND COALESCE(end_seconds, start_seconds) >= " + from;
    }).collect(Collectors.joining(" UNION ALL "));
    /**
     * {@link #WINDOW} for PostgreSQL, whose driver has no numbered parameters: the same arms and parameters in the same
     * order, bound once into a one-row VALUES list the arms refer to by name, and GREATEST for SQLite's scalar max.
     */
    static final String WINDOW_POSTGRES = "WITH p (v, " + IntStream.range(0, TYPES.length)
            .mapToObj(i -> "f" + i + ", t" + i).collect(Collectors.joining(", ")) + ") AS (VALUES (CAST(? AS bigint), "
            + IntStream.range(0, TYPES.length).mapToObj(i -> "CAST(? AS float8), CAST(? AS float8)")
                    .collect(Collectors.joining(", "))
            + ")) " + IntStream.range(0, TYPES.length).mapToObj(i -> {
                String type = "'" + TYPES[i].wire() + "'";
                return "SELECT " + i + ", item_id, start_seconds, end_seconds, data, source_id, seq "
                        + "FROM context_items, p WHERE video_seq = p.v AND type = " + type
                        + " AND start_seconds BETWEEN GREATEST(0, p.f" + i + " - COALESCE((SELECT max_span "
                        + "FROM item_spans WHERE video_seq = p.v AND type = " + type + "), 0)) AND p.t" + i
                        + " AND COALESCE(end_seconds, start_seconds) >= p.f" + i;
            }).collect(Collectors.joining(" UNION ALL "));
    private static final Comparator<WindowRow> TIME_ORDER = Comparator.comparingDouble(WindowRow::start)
            .thenComparingLong(WindowRow::seq);
    /** New items get their seq from the caller (writes are serialized), so their search terms can point at it. */
    private static final String UPSERT = "INSERT INTO context_items (seq, video_seq, item_id, type, start_seconds, "
            + "end_seconds, data, search_text, source_id, created_at, updated_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (video_seq, item_id) DO UPDATE SET type = excluded.type, "
            + "start_seconds = excluded.start_seconds, end_seconds = excluded.end_seconds, data = excluded.data, "
            + "search_text = excluded.search_text, source_id = excluded.source_id, updated_at = excluded.updated_at";
    /** SQLite's default limit on bound parameters is far above this; it keeps IN lists cheap on any database. */
    private static final int ID_CHUNK = 500;

    private final Database database;
    private final LineageSources sources;
    private final SearchIndex search;
    private final String window;

    public ContextRepository(Database database, LineageSources sources, SearchIndex search, StorageEngine engine) {
        this.window = engine.isPostgresql() ? WINDOW_POSTGRES : WINDOW;
        this.database = database;
        this.sources = sources;
        this.search = search;
    }

    /**
     * Stores the batch, and the transcript document when there is one, in one transaction; a repeated id replaces the
     * stored item, a new transcript document the stored one.
     */
    public IngestResult ingest(String videoId, List<NewItem> items, TranscriptText transcript) {
        return database.write("context_ingest", c -> {
            long videoSeq = VideoRepository.requireSeq(c, videoId);
            if (transcript != null) {
                Transcripts.store(c, videoSeq, transcript);
            }
            Map<String, IndexedText> stored = stored(c, videoSeq, items);
            Map<NewItem.SourceKey, Long> sources = resolveSources(c, items);
            List<IndexedText> kept = new ArrayList<>(items.size());
            long nextSeq = single(Statements.cached(c, "SELECT COALESCE(max(seq), 0) + 1 FROM context_items"));
            String now = Timestamps.now();
            try (PreparedStatement s = c.prepareStatement(UPSERT)) {
                for (NewItem item : items) {
                    // ids are unique within a batch (ItemValidator)
                    IndexedText before = stored.get(item.id());
                    long seq = before != null ? before.seq() : nextSeq++;
                    kept.add(new IndexedText(seq, item.type().wire(), item.start(), item.searchText()));
                    s.setLong(1, seq);
                    s.setLong(2, videoSeq);
                    s.setString(3, item.id());
                    s.setString(4, item.type().wire());
                    s.setDouble(5, item.start());
                    if (item.end() == null) {
                        s.setNull(6, Types.REAL);
                    } else {
                        s.setDouble(6, item.end());
                    }
                    s.setString(7, item.data());
                    s.setString(8, item.searchText());
                    s.setLong(9, sources.get(item.source()));
                    s.setString(10, now);
                    s.setString(11, now);
                    s.addBatch();
                }
                s.executeBatch();
            }
            search.remove(c, videoSeq, stored.values());
            search.index(c, videoSeq, kept);
            int replaced = stored.size();
            return new IngestResult(items.size() - replaced, replaced, items.stream().map(NewItem::id).toList());
        });
    }

    /** Items of each type in {@code ranges} overlapping its range, per type in time order, in one statement. */
    public Map<ItemType, List<ContextItem>> window(Connection c, long videoSeq, Map<ItemType, TimeRange> ranges)
            throws SQLException {
        PreparedStatement s = Statements.cached(c, window);
        s.setLong(1, videoSeq);
        int parameter = 2;
        for (ItemType type : TYPES) {
            TimeRange range = ranges.get(type);
            // A type not asked for gets a range below every start (starts are >= 0): an empty index seek.
            s.setDouble(parameter++, range == null ? -1 : range.from());
            s.setDouble(parameter++, range == null ? -1 : range.to());
        }
        List<List<WindowRow>> rows = new ArrayList<>(TYPES.length);
        for (int i = 0; i < TYPES.length; i++) {
            rows.add(new ArrayList<>());
        }
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ItemType type = TYPES[rs.getInt(1)];
                double start = rs.getDouble(3);
                ContextItem item = new ContextItem(utf8(rs, 2), type.wire(), start, nullableDouble(rs, 4),
                        new RawJson(rs.getBytes(5)), sources.get(c, rs.getLong(6)));
                rows.get(type.ordinal()).add(new WindowRow(start, rs.getLong(7), item));
            }
        }
        Map<ItemType, List<ContextItem>> result = new EnumMap<>(ItemType.class);
        for (ItemType type : ranges.keySet()) {
            List<WindowRow> ofType = rows.get(type.ordinal());
            ofType.sort(TIME_ORDER);
            result.put(type, ofType.stream().map(WindowRow::item).toList());
        }
        return result;
    }

    private record WindowRow(double start, long seq, ContextItem item) {
    }

    private static long single(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public record Sighting(String itemId, double start, Double confidence) {
    }

    public List<Sighting> sightings(Connection c, long videoSeq, String className, int limit) throws SQLException {
        PreparedStatement s = Statements.cached(c, "SELECT ci.item_id, od.start_seconds, od.confidence "
                + "FROM object_detections od JOIN context_items ci ON ci.seq = od.item_seq "
                + "WHERE od.video_seq = ? AND od.class_name = ? ORDER BY od.start_seconds, ci.seq LIMIT ?");
        s.setLong(1, videoSeq);
        s.setString(2, className);
        s.setInt(3, limit);
        List<Sighting> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new Sighting(rs.getString(1), rs.getDouble(2), nullableDouble(rs, 3)));
            }
        }
        return rows;
    }

    /**
     * A text column read as its bytes: sqlite-jdbc's getString wraps the value in a direct buffer through JNI before
     * copying it, the costliest column getter in a profile of window reads. SQL NULL stays null.
     */
    private static String utf8(ResultSet rs, int column) throws SQLException {
        byte[] bytes = rs.getBytes(column);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    /** The batch's items that are already stored, by id, with their searchable text as the index holds it. */
    private static Map<String, IndexedText> stored(Connection c, long videoSeq, List<NewItem> items)
            throws SQLException {
        Map<String, IndexedText> stored = new HashMap<>();
        for (int from = 0; from < items.size(); from += ID_CHUNK) {
            List<NewItem> chunk = items.subList(from, Math.min(items.size(), from + ID_CHUNK));
            String marks = String.join(",", chunk.stream().map(i -> "?").toList());
            try (PreparedStatement s = c.prepareStatement("SELECT item_id, seq, type, start_seconds, search_text "
                    + "FROM context_items WHERE video_seq = ? AND item_id IN (" + marks + ")")) {
                s.setLong(1, videoSeq);
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 2, chunk.get(i).id());
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getString(1),
                                new IndexedText(rs.getLong(2), rs.getString(3), rs.getDouble(4), rs.getString(5)));
                    }
                }
            }
        }
        return stored;
    }

    private static Map<NewItem.SourceKey, Long> resolveSources(Connection c, List<NewItem> items)
            throws SQLException {
        Set<NewItem.SourceKey> keys = new HashSet<>();
        items.forEach(i -> keys.add(i.source()));
        Map<NewItem.SourceKey, Long> ids = new HashMap<>();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO lineage_sources (tool, tool_version, "
                + "model_version, parameters, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
                PreparedStatement select = c.prepareStatement("SELECT id FROM lineage_sources WHERE tool = ? "
                        + "AND tool_version = ? AND model_version = ? AND parameters = ?")) {
            for (NewItem.SourceKey key : keys) {
                insert.setString(1, key.tool());
                insert.setString(2, key.toolVersion());
                insert.setString(3, key.modelVersion());
                insert.setString(4, key.parameters());
                insert.setString(5, Timestamps.now());
                insert.executeUpdate();
                select.setString(1, key.tool());
                select.setString(2, key.toolVersion());
                select.setString(3, key.modelVersion());
                select.setString(4, key.parameters());
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    ids.put(key, rs.getLong(1));
                }
            }
        }
        return ids;
    }
}
