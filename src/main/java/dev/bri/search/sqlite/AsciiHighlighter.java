package dev.bri.search.sqlite;

import java.util.List;

/**
 * Marks a query's matches in ASCII text exactly as FTS5's {@code highlight(context_fts, 0, char(1), char(2))} would,
 * so that search reads each match's text instead of having SQLite tokenize and stem it again (the tokenizer and marks
 * are described in the package documentation).
 */
final class AsciiHighlighter {

    private final List<String> stems;
    /** One query's tokens are stemmed here, one after the other. */
    private final char[] buffer = new char[PorterStemmer.MAX_TOKEN];

    /** @param stems the query's terms as {@link Fts5Query#asciiStems()} gives them */
    AsciiHighlighter(List<String> stems) {
        this.stems = stems;
    }

    /** The text with each token whose stem is one of the query's between the OPEN and CLOSE marks. */
    String highlight(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        scan(text, out);
        return out.toString();
    }

    /** What {@link SearchRanking.Tokens#count} would count in the highlighted text, without building it. */
    SearchRanking.TokenCount count(String text) {
        return scan(text, null);
    }

    private SearchRanking.TokenCount scan(String text, StringBuilder out) {
        int tokens = 0;
        int marked = 0;
        int copied = 0;
        int i = 0;
        int length = text.length();
        while (i < length) {
            if (!isTokenChar(text.charAt(i))) {
                i++;
                continue;
            }
            int begin = i;
            while (i < length && isTokenChar(text.charAt(i))) {
                i++;
            }
            tokens++;
            if (isCandidate(text, begin, i) && stemIsOneOf(text, begin, i)) {
                marked++;
                if (out != null) {
                    appendPlain(out, text, copied, begin);
                    out.append(SearchRanking.OPEN).append(text, begin, i).append(SearchRanking.CLOSE);
                    copied = i;
                }
            }
        }
        if (out != null) {
            appendPlain(out, text, copied, length);
        }
        return new SearchRanking.TokenCount(tokens, marked);
    }

    /**
     * A stem is never longer than its word and keeps all of it but at most its last two letters (Porter's rules only
     * rewrite endings; {@code PorterStemmerTest} checks both): most tokens are ruled out without stemming.
     */
    private boolean isCandidate(String text, int begin, int end) {
        for (int s = 0; s < stems.size(); s++) {
            String stem = stems.get(s);
            if (stem.length() <= end - begin && startsWith(text, begin, stem, Math.max(1, stem.length() - 2))) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(String text, int begin, String stem, int length) {
        for (int k = 0; k < length; k++) {
            if (lower(text.charAt(begin + k)) != stem.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private boolean stemIsOneOf(String text, int begin, int end) {
        int stemmed = stemInto(text, begin, end, buffer);
        if (stemmed < 0) {
            return stems.contains(text.substring(begin, end).toLowerCase(java.util.Locale.ROOT));
        }
        for (String stem : stems) {
            if (equal(stem, buffer, stemmed)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The token {@code text[begin, end)} lowercased and stemmed into {@code buffer}, as FTS5's porter tokenizer
     * indexes it; returns the stem's length, or -1 for a token longer than {@link PorterStemmer#MAX_TOKEN}, which FTS5
     * indexes whole (lowercased) and which would not fit the buffer. {@link SearchTerms} counts tokens with it, so what
     * search_terms holds and what this class marks cannot drift apart.
     */
    static int stemInto(String text, int begin, int end, char[] buffer) {
        int length = end - begin;
        if (length > PorterStemmer.MAX_TOKEN) {
            return -1;
        }
        for (int k = 0; k < length; k++) {
            buffer[k] = lower(text.charAt(begin + k));
        }
        return PorterStemmer.stem(buffer, length);
    }

    private static boolean equal(String stem, char[] chars, int length) {
        if (stem.length() != length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (stem.charAt(k) != chars[k]) {
                return false;
            }
        }
        return true;
    }

    /** Text between tokens; mark characters in it (ingest removes them) must not read as marks. */
    private static void appendPlain(StringBuilder out, String text, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            out.append(c == SearchRanking.OPEN || c == SearchRanking.CLOSE ? ' ' : c);
        }
    }

    static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
