package dev.bri.search;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Full-text search over the searchable text of a video's items (caption and transcript text). The one way the rest
 * of the service indexes, removes and queries that text; the engine behind it is the database's own (SQLite: FTS5
 * plus per-video term statistics, in {@code dev.bri.search.sqlite}).
 *
 * <p>Every call runs on the caller's connection inside its transaction ({@code Database.read} or {@code write}), so
 * the index changes commit or roll back with the items they describe.
 */
public interface SearchIndex {

    /** Adds the items' texts, as they are stored from now on, to the video's index. Items without text are skipped. */
    void index(Connection c, long videoSeq, Collection<IndexedText> items) throws SQLException;

    /** Removes the items' texts, exactly as they were stored, before the items are replaced. */
    void remove(Connection c, long videoSeq, Collection<IndexedText> items) throws SQLException;

    /**
     * The video's best {@code limit} hits among items of the given types (wire names) containing every term of the
     * query: highest score first, then earliest, then in storage order.
     */
    List<SearchHit> search(Connection c, long videoSeq, SearchQuery query, Collection<String> types, int limit)
            throws SQLException;
}
