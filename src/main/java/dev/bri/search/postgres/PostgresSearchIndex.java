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
 * at most 16 tokens around the densest run of matches, {@code <mark>} tags, an ellipsis where text was cut). What differs, documented in docs/ARCHITECTURE.md: the score is {@code ts_rank_cd} (cover density,
 * normalised by document length), not BM25, so the order of hits of similar relevance can differ; Snowball's stems
 * differ from FTS5's Porter stems for a few words; diacritics are not folded.
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
     * The video's best matches first (score, then start, then storage order), and headlines for those only:
     * {@code ts_headline} parses the text again, so it runs on at most {@code limit} rows. Normalisation 1 divides
     * the score by 1 + log(document length), as BM25 discounts long texts.
     */
    private static final String SEARCH = "SELECT m.item_id, m.type, m.start_seconds, m.end_seconds, m.score, "
            + "ts_headline('bri', m.search_text, m.q, '" + HEADLINE_OPTIONS + "') FROM ("
            + "SELECT ci.seq, ci.item_id, ci.type, ci.start_seconds, ci.end_seconds, ci.search_text, q, "
            + "ts_rank_cd(ci.search_vector, q, 1) AS score "
            + "FROM context_items ci, plainto_tsquery('bri', ?) q "
            + "WHERE ci.video_seq = ? AND ci.type = ANY (?) AND ci.search_vector @@ q "
            + "ORDER BY score DESC, ci.start_seconds, ci.seq LIMIT ?) m "
            + "ORDER BY m.score DESC, m.start_seconds, m.seq";

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
        s.setString(1, String.join(" ", query.terms()));
        s.setLong(2, videoSeq);
        s.setArray(3, c.createArrayOf("text", types.toArray()));
        s.setInt(4, limit);
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
