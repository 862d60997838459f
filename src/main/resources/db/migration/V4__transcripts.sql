-- A video's transcript as one document, as BRI's transcriber produces it beside the segments: the full text and the
-- spoken language. One row per video, replaced whenever the pipeline sends it again.
CREATE TABLE transcripts (
    video_seq  INTEGER PRIMARY KEY REFERENCES videos (seq) ON DELETE CASCADE,
    full_text  TEXT,
    language   TEXT,
    updated_at TEXT NOT NULL,
    CHECK (full_text IS NOT NULL OR language IS NOT NULL)
);
