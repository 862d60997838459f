package dev.bri.search.sqlite;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Upkeep of the SQLite search engine's indexes: FTS5 segment merging and the term statistics' backfill. */
@ConfigMapping(prefix = "bri.context.search-index")
public interface SearchIndexConfig {

    /**
     * How often the service looks for an idle moment to merge the index's segments into one; {@code off} disables it.
     * Each ingest adds a segment and FTS5 only merges them in groups, so a busy index keeps several and every search
     * looks each term up in all of them. Read by the {@code @Scheduled} expression of {@link SearchIndexMerger}.
     */
    @WithDefault("60s")
    String mergeInterval();

    /** Merging waits until no write has come for this long, so that an ingest burst is not merged piecemeal. */
    @WithDefault("30s")
    Duration mergeIdle();

    /** Index pages (4 KiB) one merge step writes; each step holds the writer lock. */
    @WithDefault("1000")
    int mergePages();

    /**
     * How often the service counts the search terms of videos stored before the term statistics existed
     * ({@code off} disables it); until a video is counted, its searches go through FTS5 alone.
     */
    @WithDefault("10s")
    String backfillInterval();
}
