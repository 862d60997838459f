package dev.bri.context;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "bri.context")
public interface ContextConfig {

    /** Most items one ingest request may carry; the batch is one transaction. */
    @WithName("max-batch-items")
    @WithDefault("2000")
    int maxBatchItems();

    /** Largest JSON document of one item, in bytes as serialized. */
    @WithName("max-document-bytes")
    @WithDefault("65536")
    int maxDocumentBytes();

    /** Longest caption or transcript text, in characters. */
    @WithName("max-text-chars")
    @WithDefault("10000")
    int maxTextChars();

    /**
     * Longest item (end - start) except metadata. Bounds the index range scanned by time-window queries, so
     * windows stay fast on long videos.
     */
    @WithName("max-item-span-seconds")
    @WithDefault("600")
    double maxItemSpanSeconds();

    /** Half-width of the window around t for /context/at (BRI: 5 s). */
    @WithName("default-window-seconds")
    @WithDefault("5")
    double defaultWindowSeconds();

    @WithName("max-search-limit")
    @WithDefault("100")
    int maxSearchLimit();

    /** Upkeep of the full-text index (FTS5) that search reads. */
    @WithName("search-index")
    SearchIndex searchIndex();

    interface SearchIndex {
        /**
         * How often the service looks for an idle moment to merge the index's segments into one; {@code off}
         * disables it. Each ingest adds a segment and FTS5 only merges them in groups, so a busy index keeps several
         * and every search looks each term up in all of them.
         */
        @WithName("merge-interval")
        @WithDefault("60s")
        String mergeInterval();

        /** Merging waits until no write has come for this long, so that an ingest burst is not merged piecemeal. */
        @WithName("merge-idle")
        @WithDefault("30s")
        java.time.Duration mergeIdle();

        /** Index pages (4 KiB) one merge step writes; each step holds the writer lock (BRI-1K: about 80 ms). */
        @WithName("merge-pages")
        @WithDefault("1000")
        int mergePages();

        /**
         * How often the service counts the search terms of videos stored before the term statistics existed
         * ({@code off} disables it); until a video is counted, its searches go through FTS5 alone.
         */
        @WithName("backfill-interval")
        @WithDefault("10s")
        String backfillInterval();
    }
}
