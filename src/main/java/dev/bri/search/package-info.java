/**
 * Full-text search over the caption and transcript text of a video: the seam ({@link dev.bri.search.SearchIndex}) the
 * rest of the service indexes, removes and queries text through, the query ({@link dev.bri.search.SearchQuery}) and
 * the hit ({@link dev.bri.search.SearchHit}). Implementations live in sub-packages per engine ({@code sqlite}); this
 * package depends on no feature package, and an engine on {@code storage} at most.
 */
package dev.bri.search;
