package dev.bri.context;

import dev.bri.search.SearchHit;
import java.util.List;

/** Ranked full-text hits; the snippet marks matched terms with {@code <mark>...</mark>}. */
public record SearchResult(String query, List<SearchHit> hits) {
}
