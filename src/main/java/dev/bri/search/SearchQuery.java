package dev.bri.search;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A user's search text as its terms: runs of letters and digits, at most {@value #MAX_TERMS}, all of which a hit
 * must contain. Terms are never operators or syntax, whatever the engine.
 *
 * @param text the search text as given
 * @param terms the terms in the order given, as written (engines fold case and stem them their own way)
 */
public record SearchQuery(String text, List<String> terms) {

    private static final Pattern TERM_SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final int MAX_QUERY_CHARS = 500;
    private static final int MAX_TERMS = 16;

    /** Thrown for search text that cannot be a query; the message says why, for the {@code q} parameter. */
    public static final class InvalidQuery extends IllegalArgumentException {
        InvalidQuery(String message) {
            super(message);
        }
    }

    public static SearchQuery parse(String q) {
        if (q == null || q.isBlank()) {
            throw new InvalidQuery("must not be empty");
        }
        if (q.length() > MAX_QUERY_CHARS) {
            throw new InvalidQuery("at most " + MAX_QUERY_CHARS + " characters");
        }
        List<String> terms = TERM_SEPARATOR.splitAsStream(q).filter(t -> !t.isEmpty()).limit(MAX_TERMS).toList();
        if (terms.isEmpty()) {
            throw new InvalidQuery("must contain at least one letter or digit");
        }
        return new SearchQuery(q, terms);
    }
}
