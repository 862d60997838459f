package dev.bri.context;

import dev.bri.api.ApiException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A user's search text, as the FTS5 expression that finds its matches and, when every term is ASCII, as the stems
 * {@link AsciiHighlighter} marks them by.
 *
 * @param text the search text as given
 * @param expression every term quoted and ANDed, so no operator, column filter or syntax error can come from input
 * @param asciiStems the terms as FTS5's porter tokenizer indexes them; empty when a term is not ASCII, which leaves
 *     marking to SQLite's {@code highlight()}
 */
public record SearchQuery(String text, String expression, List<String> asciiStems) {

    private static final Pattern TERM_SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern ASCII_TERM = Pattern.compile("[A-Za-z0-9]+");
    private static final int MAX_QUERY_CHARS = 500;
    private static final int MAX_TERMS = 16;

    static SearchQuery parse(String q) {
        if (q == null || q.isBlank()) {
            throw ApiException.invalid("q", "must not be empty");
        }
        if (q.length() > MAX_QUERY_CHARS) {
            throw ApiException.invalid("q", "at most " + MAX_QUERY_CHARS + " characters");
        }
        List<String> terms = TERM_SEPARATOR.splitAsStream(q).filter(t -> !t.isEmpty()).limit(MAX_TERMS).toList();
        if (terms.isEmpty()) {
            throw ApiException.invalid("q", "must contain at least one letter or digit");
        }
        String expression = String.join(" ", terms.stream().map(t -> '"' + t + '"').toList());
        boolean ascii = terms.stream().allMatch(t -> ASCII_TERM.matcher(t).matches());
        return new SearchQuery(q, expression, ascii
                ? terms.stream().map(t -> PorterStemmer.stem(t.toLowerCase(java.util.Locale.ROOT))).distinct().toList()
                : List.of());
    }

    boolean marksInJava() {
        return !asciiStems.isEmpty();
    }
}
