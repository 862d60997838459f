package dev.bri.context;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "bri.context")
public interface ContextConfig {

    /** Most items one ingest request may carry; the batch is one transaction. */
    @WithDefault("2000")
    int maxBatchItems();

    /** Largest JSON document of one item, in bytes as serialized. */
    @WithDefault("65536")
    int maxDocumentBytes();

    /** Longest caption or transcript text, in characters. */
    @WithDefault("10000")
    int maxTextChars();

    /** Longest transcript full text ({@code transcript.full_text} of an ingest), in characters. */
    @WithDefault("1000000")
    int maxTranscriptChars();

    /**
     * Longest item (end - start) except metadata. Bounds the index range scanned by time-window queries, so
     * windows stay fast on long videos.
     */
    @WithDefault("600")
    double maxItemSpanSeconds();

    /** Half-width of the window around t for /context/at (BRI: 5 s). */
    @WithDefault("5")
    double defaultWindowSeconds();

    /** Largest {@code limit} of /search. */
    @WithDefault("100")
    int maxSearchLimit();

    /** Longest search text ({@code q}) in characters. */
    @WithDefault("500")
    int maxSearchQueryChars();

    /** Most terms in one search ({@code q}); each is one more index range to read and intersect. */
    @WithDefault("16")
    int maxSearchTerms();

    /**
     * Longest time window one read may ask for, in seconds: {@code to - from} of /context, twice the {@code window}
     * of /context/at (BRI asks for 10 s and 60 s windows).
     */
    @WithDefault("7200")
    double maxWindowSeconds();
}
