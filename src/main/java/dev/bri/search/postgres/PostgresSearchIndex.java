package dev.bri.search.postgres;

import dev.bri.search.IndexedText;
import dev.bri.search.SearchHit;
import dev.bri.search.SearchIndex;
import dev.bri.search.SearchQuery;
import dev.bri.search.sqlite.SearchRanking;
import dev.bri.storage.Statements;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Search in PostgreSQL with its own full-text machinery. {@code context_items.search_vector} is a generated
 * {@code tsvector} column (text search configuration {@code bri}: Snowball English stems, no stop words) with a GIN
 * index, so indexing and removal happen with the row itself and {@link #index}/{@link #remove} have nothing to do.
 *
 * <p>Semantics kept from the SQLite engine: every term of the query must occur (its terms are ANDed by
 * {@code plainto_tsquery}, which, unlike {@code websearch_to_tsquery}, never reads "or" or "-" as operators: terms are
 * never syntax), terms match whole stemmed words (no prefix matching, as FTS5 with quoted terms), and snippets mark
 * the matched words ({@code ts_headline}) and cuts the snippet as the SQLite engine does ({@link SearchRanking#snippet}:
 * at most 16 tokens around the densest run of matches, {@code <mark>} tags, an ellipsis where text was cut), and
 * ranks with the same BM25 ({@link #SEARCH}). What differs, documented in docs/ARCHITECTURE.md: Snowball's stems
 * differ from FTS5's Porter stems for some words, so a few items match on one engine and not the other; PostgreSQL's
 * parser splits some tokens differently (hyphenated words, URLs, e-mail addresses); diacritics are not folded.
 */
@ApplicationScoped
@Typed(PostgresSearchIndex.class)
public class PostgresSearchIndex implements SearchIndex {

    /**
     * ts_headline marks every matched word of the whole text with the SQLite engine's marks (U+0001, U+0002: ingest
     * keeps control characters out of searchable text), and {@link SearchRanking#snippet} cuts the same 16-token
     * window around the densest run of marks with the same {@code <mark>} tags and ellipses.
     */
    private static final String HEADLINE_OPTIONS = "StartSel=\"" + SearchRanking.OPEN + "\", StopSel=\""
            + SearchRanking.CLOSE + "\", HighlightAll=true";
    /**
     * The same ranking as the SQLite engine's ({@code SearchRanking}): BM25 (k1 1.2, b 0.75) over the video's
     * matches, the query's occurrences in an item against its length relative to the matches' average, the IDF left
     * out (the same factor for every match of an AND query); then earliest, then storage order. Term occurrences and
     * lengths come from the tsvector's positions, so the text is not parsed again; only the {@code limit} best get
     * a headline ({@code ts_headline} does parse it).
     */
    private static final String SEARCH = "WITH q AS (SELECT plainto_tsquery('bri', ?) AS q, "
            + "tsvector_to_array(to_tsvector('bri', ?)) AS lexemes), "
            + "m AS (SELECT ci.seq, ci.item_id, ci.type, ci.start_seconds, ci.end_seconds, ci.search_text, "
            + "(SELECT COALESCE(sum(cardinality(u.positions)), 0) FROM unnest(ci.search_vector) u) AS len, "
            + "(SELECT COALESCE(sum(cardinality(u.positions)), 0) FROM unnest(ci.search_vector) u "
            + "WHERE u.lexeme = ANY (q.lexemes)) AS tf "
            + "FROM context_items ci, q WHERE ci.video_seq = ? AND ci.type = ANY (?) AND ci.search_vector @@ q.q), "
            + "a AS (SELECT GREATEST(1.0, avg(len)) AS avglen FROM m), "
            + "s AS (SELECT m.*, m.tf * 2.2 / (m.tf + 1.2 * (0.25 + 0.75 * m.len / a.avglen)) AS score FROM m, a "
            + "ORDER BY score DESC, m.start_seconds, m.seq LIMIT ?) "
            + "SELECT s.item_id, s.type, s.start_seconds, s.end_seconds, s.score, "
            + "ts_headline('bri', s.search_text, q.q, '" + HEADLINE_OPTIONS + "') FROM s, q "
            + "ORDER BY s.score DESC, s.start_seconds, s.seq";

    @Override
    public void index(Connection c, long videoSeq, Collection<IndexedText> items) {
        // search_vector is generated from search_text when the row is written
    }

    @Override
    public void remove(Connection c, long videoSeq, Collection<IndexedText> items) {
        // and goes with the row
    }

    @Override
    public List<SearchHit> search(Connection c, long videoSeq, SearchQuery query, Collection<String> types,
            int limit) throws SQLException {
        PreparedStatement s = Statements.cached(c, SEARCH);
        String terms = String.join(" ", query.terms());
        s.setString(1, terms);
        s.setString(2, terms);
        s.setLong(3, videoSeq);
        s.setArray(4, c.createArrayOf("text", types.toArray()));
        s.setInt(5, limit);
        List<SearchHit> hits = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                double end = rs.getDouble(4);
                Double nullableEnd = rs.wasNull() ? null : end;
                hits.add(new SearchHit(rs.getString(1), rs.getString(2), rs.getDouble(3), nullableEnd,
                        SearchRanking.snippet(rs.getString(6)), rs.getDouble(5)));
            }
        }
        return hits;
    }
}
