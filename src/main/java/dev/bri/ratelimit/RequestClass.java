package dev.bri.ratelimit;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The three kinds of data API request, each with its own limit; the metric label {@code class}. */
public enum RequestClass {
    READ, SEARCH, WRITE;

    private static final Pattern SEARCH_PATH = Pattern.compile("/api/v1/videos/[^/]+/search/?");

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Empty for everything outside /api (health, metrics, the operator area: never limited). */
    static Optional<RequestClass> of(String method, String path) {
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return Optional.of(SEARCH_PATH.matcher(path).matches() ? SEARCH : READ);
        }
        return Optional.of(WRITE);
    }
}
