package dev.bri.context;

import dev.bri.cache.CacheFlush;
import dev.bri.storage.Statements;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lineage sources by id, kept in memory. A source row is never updated or deleted (items share it; erasing a video
 * leaves it), so an id read once means the same source until the whole database is replaced by a restore, which
 * fires {@link CacheFlush}. Reads then run one query per request instead of one more per source.
 */
@ApplicationScoped
public class LineageSources {

    /** Pipelines use a handful of tools and settings; the bound only matters should parameters vary per run. */
    private static final int MAX_ENTRIES = 10_000;

    /** Looked up once per item read, so a plain map: no eviction bookkeeping on the read path. */
    private final Map<Long, ContextItem.Lineage> byId = new ConcurrentHashMap<>();

    /** The source with this id, read in {@code c}'s transaction the first time. */
    ContextItem.Lineage get(Connection c, long id) throws SQLException {
        ContextItem.Lineage source = byId.get(id);
        if (source == null) {
            source = read(c, id);
            if (byId.size() >= MAX_ENTRIES) {
                byId.clear();
            }
            byId.put(id, source);
        }
        return source;
    }

    void onFlush(@Observes CacheFlush flush) {
        byId.clear();
    }

    private static ContextItem.Lineage read(Connection c, long id) throws SQLException {
        PreparedStatement s = Statements.cached(c,
                "SELECT tool, tool_version, model_version, parameters FROM lineage_sources WHERE id = ?");
        s.setLong(1, id);
        try (ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("lineage source " + id + " is missing");
            }
            return new ContextItem.Lineage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
        }
    }
}
