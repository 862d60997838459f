-- A video's transcript as one document, as db/migration/V4 (SQLite).
CREATE TABLE transcripts (
    video_seq  BIGINT PRIMARY KEY REFERENCES videos (seq) ON DELETE CASCADE,
    full_text  TEXT,
    language   TEXT,
    updated_at TEXT NOT NULL,
    CHECK (full_text IS NOT NULL OR language IS NOT NULL)
);
