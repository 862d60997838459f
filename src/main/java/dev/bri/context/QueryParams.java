package dev.bri.context;

import dev.bri.api.ApiException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Parsing of the query parameters the context endpoints share, with problem details on bad input. */
final class QueryParams {

    private static final Pattern TERM_SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final int MAX_QUERY_CHARS = 500;
    private static final int MAX_TERMS = 16;

    private QueryParams() {
    }

    static Set<ItemType> types(String csv, Set<ItemType> allowed) {
        if (csv == null || csv.isBlank()) {
            return EnumSet.copyOf(allowed);
        }
        Set<ItemType> types = EnumSet.noneOf(ItemType.class);
        for (String name : csv.split(",")) {
            ItemType type = ItemType.fromWire(name.trim()).filter(allowed::contains).orElseThrow(() ->
                    ApiException.invalid("types", "unknown or unsupported type '" + name.trim() + "'; allowed: "
                            + allowed.stream().map(ItemType::wire).toList()));
            types.add(type);
        }
        return types;
    }

    /** A time in seconds from a query parameter; JAX-RS would turn a bad number into 404, so parse it here. */
    static Double seconds(String name, String value, Double fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(value.trim());
            if (Double.isFinite(v) && v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalid(name, "must be a finite number of seconds >= 0");
    }

    /**
     * Turns free text into an FTS5 expression that can only mean "all these words": every term is quoted, so no
     * operator, column filter or syntax error can come from user input.
     */
    static String match(String q) {
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
        return String.join(" ", terms.stream().map(t -> '"' + t + '"').toList());
    }
}
