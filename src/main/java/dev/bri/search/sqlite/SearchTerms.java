package dev.bri.search.sqlite;

import dev.bri.search.IndexedText;
import dev.bri.storage.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-video term statistics, the table {@code search_terms}: one row per video, stemmed term and item, with how often
 * the term occurs in the item and how many tokens the item has. A search for ASCII terms reads its matches and their
 * BM25 inputs as one contiguous index range per term, instead of intersecting FTS5 doclists and then reading every
 * matching item's row and text (BRI-1K: about a third of the CPU a search cost, see docs/BENCHMARKS.md).
 *
 * <p>Only ASCII text is counted here, with the tokenizer and stemmer that {@link AsciiHighlighter} shares with FTS5's
 * {@code porter unicode61} (its tests compare them with SQLite's). A video with non-ASCII text, or one stored before
 * this table existed and not yet backfilled ({@link SearchTermsBackfill}), is listed in
 * {@code search_terms_incomplete} and searched through FTS5 alone, which is complete for every script. Rows are
 * keyed by their terms, so replacing an item removes its old rows by tokenizing its old text again; a change to the
 * tokenizer or stemmer must come with a migration that lists every video for backfill.
 */
final class SearchTerms {

    private static final String INSERT = "INSERT OR REPLACE INTO search_terms (video_seq, term, item_seq, type, "
            + "start_seconds, occurrences, tokens) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String DELETE = "DELETE FROM search_terms WHERE video_seq = ? AND term = ? AND item_seq = ?";

    /** The stemmed terms of an ASCII text with their occurrences, and its token count. */
    record Counted(Map<String, Integer> occurrences, int tokens) {

        static Counted of(String text) {
            Map<String, Integer> occurrences = new HashMap<>();
            char[] buffer = new char[PorterStemmer.MAX_TOKEN];
            int tokens = 0;
            int i = 0;
            int length = text.length();
            while (i < length) {
                if (!AsciiHighlighter.isTokenChar(text.charAt(i))) {
                    i++;
                    continue;
                }
                int begin = i;
                while (i < length && AsciiHighlighter.isTokenChar(text.charAt(i))) {
                    i++;
                }
                tokens++;
                occurrences.merge(stem(text, begin, i, buffer), 1, Integer::sum);
            }
            return new Counted(occurrences, tokens);
        }

        private static String stem(String text, int begin, int end, char[] buffer) {
            int stemmed = AsciiHighlighter.stemInto(text, begin, end, buffer);
            return stemmed < 0
                    ? text.substring(begin, end).toLowerCase(java.util.Locale.ROOT)
                    : new String(buffer, 0, stemmed);
        }
    }

    private SearchTerms() {
    }

    static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** Whether every searchable item of the video is counted here, so an ASCII query may read this table alone. */
    static boolean complete(Connection c, long videoSeq) throws SQLException {
        PreparedStatement s = Statements.cached(c, "SELECT 1 FROM search_terms_incomplete WHERE video_seq = ?");
        s.setLong(1, videoSeq);
        try (ResultSet rs = s.executeQuery()) {
            return !rs.next();
        }
    }

    /** Removes the rows of items as they were stored; {@code items} are the old texts. */
    static void remove(Connection c, long videoSeq, Collection<IndexedText> items) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(DELETE)) {
            for (IndexedText item : items) {
                if (item.text() == null || !isAscii(item.text())) {
                    continue;
                }
                for (String term : Counted.of(item.text()).occurrences().keySet()) {
                    s.setLong(1, videoSeq);
                    s.setString(2, term);
                    s.setLong(3, item.seq());
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
    }

    /**
     * Counts the items' ASCII texts into the table; a video given a non-ASCII text is marked incomplete (searched
     * through FTS5 from then on). Returns whether it was.
     */
    static boolean add(Connection c, long videoSeq, Collection<IndexedText> items) throws SQLException {
        boolean nonAscii = false;
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            for (IndexedText item : items) {
                if (item.text() == null) {
                    continue;
                }
                if (!isAscii(item.text())) {
                    nonAscii = true;
                    continue;
                }
                Counted counted = Counted.of(item.text());
                for (Map.Entry<String, Integer> term : counted.occurrences().entrySet()) {
                    s.setLong(1, videoSeq);
                    s.setString(2, term.getKey());
                    s.setLong(3, item.seq());
                    s.setString(4, item.type());
                    s.setDouble(5, item.start());
                    s.setInt(6, term.getValue());
                    s.setInt(7, counted.tokens());
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
        if (nonAscii) {
            markIncomplete(c, videoSeq, "non-ascii");
        }
        return nonAscii;
    }

    static void markIncomplete(Connection c, long videoSeq, String reason) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO search_terms_incomplete (video_seq, reason) "
                + "VALUES (?, ?) ON CONFLICT (video_seq) DO UPDATE SET reason = excluded.reason")) {
            s.setLong(1, videoSeq);
            s.setString(2, reason);
            s.executeUpdate();
        }
    }

    /**
     * Counts every searchable item of the video again, from its stored text, and records whether the table now
     * covers the video. Returns whether it does.
     */
    static boolean rebuild(Connection c, long videoSeq) throws SQLException {
        try (PreparedStatement clear = c.prepareStatement("DELETE FROM search_terms WHERE video_seq = ?")) {
            clear.setLong(1, videoSeq);
            clear.executeUpdate();
        }
        List<IndexedText> items = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT seq, type, start_seconds, search_text "
                + "FROM context_items WHERE video_seq = ? AND search_text IS NOT NULL")) {
            s.setLong(1, videoSeq);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(new IndexedText(rs.getLong(1), rs.getString(2), rs.getDouble(3), rs.getString(4)));
                }
            }
        }
        if (add(c, videoSeq, items)) {
            return false;
        }
        try (PreparedStatement done = c.prepareStatement(
                "DELETE FROM search_terms_incomplete WHERE video_seq = ?")) {
            done.setLong(1, videoSeq);
            done.executeUpdate();
        }
        return true;
    }

    /** A video listed for {@link SearchTermsBackfill}, or 0 when there is none. */
    static long nextToBackfill(Connection c) throws SQLException {
        try (ResultSet rs = Statements.cached(c,
                "SELECT video_seq FROM search_terms_incomplete WHERE reason = 'backfill' LIMIT 1").executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static long backfillPending(Connection c) throws SQLException {
        try (ResultSet rs = Statements.cached(c,
                "SELECT count(*) FROM search_terms_incomplete WHERE reason = 'backfill'").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The video's items of the given types that contain every stem, with their token counts: the same items and
     * counts FTS5's match and {@link AsciiHighlighter#count} give, in storage order. One index range per stem, read in
     * item order and intersected in primitive arrays, which allocate far less than grouping the rows in a map. Grouping
     * and ranking in SQL instead (GROUP BY, a window for the average length) costs SQLite more than the rows it saves
     * sending.
     */
    static List<SearchRanking.Candidate> matches(Connection c, long videoSeq, List<String> stems,
            Collection<String> types) throws SQLException {
        PreparedStatement s = Statements.cached(c, "SELECT item_seq, start_seconds, occurrences, tokens "
                + "FROM search_terms WHERE video_seq = ? AND term = ? AND type IN (?"
                + ", ?".repeat(types.size() - 1) + ") ORDER BY item_seq");
        Postings found = null;
        for (String stem : stems) {
            int i = 1;
            s.setLong(i++, videoSeq);
            s.setString(i++, stem);
            for (String type : types) {
                s.setString(i++, type);
            }
            Postings postings = new Postings();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    postings.add(rs.getLong(1), rs.getDouble(2), rs.getInt(3), rs.getInt(4));
                }
            }
            found = found == null ? postings : found.intersect(postings);
            if (found.size == 0) {
                break;
            }
        }
        List<SearchRanking.Candidate> candidates = new ArrayList<>(found.size);
        for (int i = 0; i < found.size; i++) {
            candidates.add(new SearchRanking.Candidate(found.seqs[i], found.starts[i], found.tokens[i],
                    found.occurrences[i], null, false, 0));
        }
        return candidates;
    }

    /** One term's rows, or the items of several terms (occurrences added up), in item order. */
    private static final class Postings {
        long[] seqs = new long[64];
        double[] starts = new double[64];
        int[] occurrences = new int[64];
        int[] tokens = new int[64];
        int size;

        void add(long seq, double start, int occurrence, int tokenCount) {
            if (size == seqs.length) {
                seqs = Arrays.copyOf(seqs, size * 2);
                starts = Arrays.copyOf(starts, size * 2);
                occurrences = Arrays.copyOf(occurrences, size * 2);
                tokens = Arrays.copyOf(tokens, size * 2);
            }
            seqs[size] = seq;
            starts[size] = start;
            occurrences[size] = occurrence;
            tokens[size++] = tokenCount;
        }

        /** The items both hold, merged in one pass over the two item-ordered lists. */
        Postings intersect(Postings other) {
            Postings both = new Postings();
            int i = 0;
            int j = 0;
            while (i < size && j < other.size) {
                if (seqs[i] < other.seqs[j]) {
                    i++;
                } else if (seqs[i] > other.seqs[j]) {
                    j++;
                } else {
                    both.add(seqs[i], starts[i], occurrences[i] + other.occurrences[j], tokens[i]);
                    i++;
                    j++;
                }
            }
            return both;
        }
    }
}
