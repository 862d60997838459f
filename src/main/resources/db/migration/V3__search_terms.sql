-- Per-video term statistics for search (dev.bri.context.SearchTerms): one row per video, stemmed term and item, with
-- the term's occurrences in the item and the item's token count. A search for ASCII terms reads one contiguous range
-- per term here instead of intersecting FTS5 doclists and reading every matching item's row. The application counts
-- the terms with FTS5's tokenizer rules (porter unicode61) for ASCII text; context_fts stays the complete index.
CREATE TABLE search_terms (
    video_seq     INTEGER NOT NULL REFERENCES videos (seq) ON DELETE CASCADE,
    term          TEXT    NOT NULL,
    item_seq      INTEGER NOT NULL,
    type          TEXT    NOT NULL,
    start_seconds REAL    NOT NULL,
    occurrences   INTEGER NOT NULL,
    tokens        INTEGER NOT NULL,
    PRIMARY KEY (video_seq, term, item_seq)
) WITHOUT ROWID;

-- Videos that search_terms does not cover, searched through context_fts alone: 'non-ascii' (some text is not ASCII)
-- or 'backfill' (stored before this table; SearchTermsBackfill counts them in the background).
CREATE TABLE search_terms_incomplete (
    video_seq INTEGER PRIMARY KEY REFERENCES videos (seq) ON DELETE CASCADE,
    reason    TEXT    NOT NULL CHECK (reason IN ('non-ascii', 'backfill'))
);

INSERT INTO search_terms_incomplete (video_seq, reason)
    SELECT DISTINCT video_seq, 'backfill' FROM context_items WHERE search_text IS NOT NULL;
