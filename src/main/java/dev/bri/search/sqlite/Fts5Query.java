package dev.bri.search.sqlite;

import dev.bri.search.SearchQuery;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A query as FTS5 and the Java side of this engine read it.
 *
 * @param expression every term quoted and ANDed, so no FTS5 operator, column filter or syntax error can come from
 *     input
 * @param asciiStems the terms as FTS5's porter tokenizer indexes them; empty when a term is not ASCII, which leaves
 *     marking to SQLite's {@code highlight()} and the search to FTS5
 */
record Fts5Query(String expression, List<String> asciiStems) {

    private static final Pattern ASCII_TERM = Pattern.compile("[A-Za-z0-9]+");

    static Fts5Query of(SearchQuery query) {
        List<String> terms = query.terms();
        String expression = String.join(" ", terms.stream().map(t -> '"' + t + '"').toList());
        boolean ascii = terms.stream().allMatch(t -> ASCII_TERM.matcher(t).matches());
        return new Fts5Query(expression, ascii
                ? terms.stream().map(t -> PorterStemmer.stem(t.toLowerCase(Locale.ROOT))).distinct().toList()
                : List.of());
    }

    boolean marksInJava() {
        return !asciiStems.isEmpty();
    }
}
