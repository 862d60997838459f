package dev.bri.search.sqlite;

import dev.bri.search.IndexedText;
import dev.bri.search.SearchHit;
import dev.bri.search.SearchIndex;
import dev.bri.search.SearchQuery;
import dev.bri.storage.Statements;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Search in SQLite: the FTS5 table {@code context_fts} (kept in step with {@code context_items} by triggers) and the
 * per-video term statistics of {@link SearchTerms} (kept here, by {@link #index} and {@link #remove}). ASCII terms
 * are looked up and ranked in the statistics where they cover the video; otherwise every FTS5 match is read with its
 * start and text and ranked by {@link SearchRanking}. Either way the item's id, type and end are read for the hits
 * returned only. For ASCII text and terms the matches are marked in Java ({@link AsciiHighlighter}), otherwise by
 * FTS5's {@code highlight()}, which tokenizes and stems the text again in SQLite. The package documentation states
 * the rules that keep the two paths' answers identical.
 */
// Typed: the SearchIndex the features get is the engine's, chosen by dev.bri.search.SearchIndexes
@ApplicationScoped
@Typed(Fts5SearchIndex.class)
public class Fts5SearchIndex implements SearchIndex {

    @Override
    public void index(Connection c, long videoSeq, Collection<IndexedText> items) throws SQLException {
        SearchTerms.add(c, videoSeq, items);
    }

    @Override
    public void remove(Connection c, long videoSeq, Collection<IndexedText> items) throws SQLException {
        SearchTerms.remove(c, videoSeq, items);
    }

    @Override
    public List<SearchHit> search(Connection c, long videoSeq, SearchQuery query, Collection<String> types,
            int limit) throws SQLException {
        Fts5Query fts = Fts5Query.of(query);
        return fts.marksInJava() && SearchTerms.complete(c, videoSeq)
                ? searchTerms(c, videoSeq, fts, types, limit)
                : searchIndex(c, videoSeq, fts, types, limit);
    }

    /** Search through the term statistics: the matches and their counts come from one index range per term. */
    List<SearchHit> searchTerms(Connection c, long videoSeq, Fts5Query query, Collection<String> types, int limit)
            throws SQLException {
        List<SearchRanking.Candidate> best = SearchRanking.best(
                SearchTerms.matches(c, videoSeq, query.asciiStems(), types), limit);
        return hits(c, best, new AsciiHighlighter(query.asciiStems()), true);
    }

    /** Search through FTS5: complete for text and terms in every script. */
    List<SearchHit> searchIndex(Connection c, long videoSeq, Fts5Query query, Collection<String> types, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ci.seq, ci.start_seconds, "
                // The text is ASCII when it has as many characters as bytes. highlight() output is flagged by a
                // leading U+0080, which ASCII cannot hold: one column, read as bytes, says which it is.
                + "CASE WHEN ? AND length(ci.search_text) = length(CAST(ci.search_text AS BLOB)) THEN ci.search_text "
                + "ELSE char(128) || highlight(context_fts, 0, char(1), char(2)) END "
                // CROSS JOIN keeps FTS5 as the outer loop (SQLite does not reorder it): the other order would run
                // the MATCH once per item of the video
                + "FROM context_fts CROSS JOIN context_items ci ON ci.seq = context_fts.rowid "
                + "WHERE context_fts MATCH ? AND ci.video_seq = ? "
                + "AND ci.type IN (");
        sql.append(String.join(", ", types.stream().map(t -> "?").toList())).append(')');
        PreparedStatement s = Statements.cached(c, sql.toString());
        int i = 1;
        s.setBoolean(i++, query.marksInJava());
        // FTS5 intersects the video's doclist with the terms' by seeking, so a common word costs what the video
        // holds, not what the corpus holds
        s.setString(i++, "vid : \"v" + videoSeq + "\" AND search_text : (" + query.expression() + ")");
        s.setLong(i++, videoSeq);
        for (String type : types) {
            s.setString(i++, type);
        }
        AsciiHighlighter ascii = new AsciiHighlighter(query.asciiStems());
        List<SearchRanking.Candidate> matches = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                byte[] text = rs.getBytes(3);
                boolean highlighted = text.length >= 2 && text[0] == (byte) 0xC2 && text[1] == (byte) 0x80;
                matches.add(SearchRanking.match(rs.getLong(1), rs.getDouble(2), highlighted
                        ? new String(text, 2, text.length - 2, StandardCharsets.UTF_8)
                        // ASCII bytes are Latin-1 characters: no UTF-8 decoding on the path every match takes
                        : new String(text, StandardCharsets.ISO_8859_1), highlighted, ascii));
            }
        }
        return hits(c, SearchRanking.best(matches, limit), ascii, false);
    }

    /**
     * The ranked matches as hits, in their order: the item's id, type and end (and its text, when the match was not
     * read with it) come from one statement for all of them.
     */
    private static List<SearchHit> hits(Connection c, List<SearchRanking.Candidate> ranked, AsciiHighlighter ascii,
            boolean readText) throws SQLException {
        if (ranked.isEmpty()) {
            return List.of();
        }
        Map<Long, SearchRanking.Candidate> bySeq = new HashMap<>();
        ranked.forEach(r -> bySeq.put(r.seq(), r));
        PreparedStatement s = Statements.cached(c, "SELECT seq, item_id, type, end_seconds"
                + (readText ? ", search_text" : "")
                + " FROM context_items WHERE seq IN (SELECT value FROM json_each(?))");
        s.setString(1, ranked.stream().map(r -> Long.toString(r.seq())).collect(Collectors.joining(",", "[", "]")));
        Map<Long, SearchHit> hits = new HashMap<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                SearchRanking.Candidate match = bySeq.get(rs.getLong(1));
                double end = rs.getDouble(4);
                Double nullableEnd = rs.wasNull() ? null : end;
                String snippet = readText
                        ? SearchRanking.snippet(ascii.highlight(utf8(rs, 5)))
                        : SearchRanking.snippet(match, ascii);
                hits.put(match.seq(), new SearchHit(utf8(rs, 2), utf8(rs, 3), match.start(), nullableEnd, snippet,
                        match.score()));
            }
        }
        List<SearchHit> ordered = new ArrayList<>(ranked.size());
        for (SearchRanking.Candidate match : ranked) {
            ordered.add(hits.get(match.seq()));
        }
        return ordered;
    }

    /**
     * A text column read as its bytes: sqlite-jdbc's getString wraps the value in a direct buffer through JNI before
     * copying it, the costliest column getter in a profile of window reads. SQL NULL stays null.
     */
    private static String utf8(ResultSet rs, int column) throws SQLException {
        byte[] bytes = rs.getBytes(column);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
