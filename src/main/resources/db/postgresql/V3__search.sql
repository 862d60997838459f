-- Full-text search (dev.bri.search.postgres), in place of SQLite's FTS5 table and term statistics (db/migration/V3).
-- The text search configuration 'bri' is 'simple' parsing with the Snowball English stemmer and no stop words: FTS5's
-- 'porter unicode61' drops no words either, so a query for "the end" needs both words on both engines.
CREATE TEXT SEARCH DICTIONARY bri_english_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION bri (COPY = english);
ALTER TEXT SEARCH CONFIGURATION bri
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH bri_english_stem;

ALTER TABLE context_items ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('bri'::regconfig, COALESCE(search_text, ''))) STORED;
CREATE INDEX ix_context_items_search ON context_items USING gin (search_vector);
