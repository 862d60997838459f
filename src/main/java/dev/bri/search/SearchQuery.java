package dev.bri.search;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A user's search text as its terms: runs of letters and digits, at most {@value #MAX_TERMS} (or the caller's limit),
 * all of which a hit must contain. Terms are never operators or syntax, whatever the engine.
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
        return parse(q, MAX_QUERY_CHARS, MAX_TERMS);
    }

    /** With the caller's limits on length and term count; more of either is an {@link InvalidQuery}, not a cut. */
    public static SearchQuery parse(String q, int maxChars, int maxTerms) {
        if (q == null || q.isBlank()) {
            throw new InvalidQuery("must not be empty");
        }
        if (q.length() > maxChars) {
            throw new InvalidQuery("at most " + maxChars + " characters");
        }
        List<String> terms = TERM_SEPARATOR.splitAsStream(q).filter(t -> !t.isEmpty()).toList();
        if (terms.isEmpty()) {
            throw new InvalidQuery("must contain at least one letter or digit");
        }
        if (terms.size() > maxTerms) {
            throw new InvalidQuery("at most " + maxTerms + " terms (words); this one has " + terms.size());
        }
        return new SearchQuery(q, terms);
    }
}
