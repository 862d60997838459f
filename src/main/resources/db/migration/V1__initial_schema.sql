-- bri-context schema, version 1.
-- Timestamps are UTC ISO-8601 strings with millisecond precision ('2026-01-31T12:00:00.000Z'), written by the
-- application, so they sort as text and mean the same thing on SQLite and PostgreSQL.

CREATE TABLE videos (
    seq              INTEGER PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    filename         TEXT    NOT NULL,
    file_path        TEXT,
    thumbnail_path   TEXT,
    duration_seconds REAL    NOT NULL CHECK (duration_seconds > 0),
    status           TEXT    NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'processing', 'extracting', 'captioning', 'transcribing',
                                       'complete', 'error')),
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);
CREATE INDEX ix_videos_status ON videos (status, id);

-- Lineage: which tool, version and model produced an item. Deduplicated, items point at their source.
CREATE TABLE lineage_sources (
    id            INTEGER PRIMARY KEY,
    tool          TEXT NOT NULL,
    tool_version  TEXT NOT NULL DEFAULT '',
    model_version TEXT NOT NULL DEFAULT '',
    parameters    TEXT NOT NULL DEFAULT '{}',
    created_at    TEXT NOT NULL,
    UNIQUE (tool, tool_version, model_version, parameters)
);

CREATE TABLE context_items (
    seq           INTEGER PRIMARY KEY,
    video_seq     INTEGER NOT NULL REFERENCES videos (seq) ON DELETE CASCADE,
    item_id       TEXT    NOT NULL,
    type          TEXT    NOT NULL CHECK (type IN ('frame', 'caption', 'transcript', 'object', 'metadata')),
    start_seconds REAL    NOT NULL CHECK (start_seconds >= 0),
    end_seconds   REAL    CHECK (end_seconds IS NULL OR end_seconds >= start_seconds),
    data          TEXT    NOT NULL,
    search_text   TEXT,
    source_id     INTEGER NOT NULL REFERENCES lineage_sources (id),
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    UNIQUE (video_seq, item_id)
);
CREATE INDEX ix_context_items_window ON context_items (video_seq, type, start_seconds);

-- Object class index: one row per detected object, maintained by triggers from the item's JSON document.
CREATE TABLE object_detections (
    item_seq      INTEGER NOT NULL REFERENCES context_items (seq) ON DELETE CASCADE,
    video_seq     INTEGER NOT NULL,
    class_name    TEXT    NOT NULL,
    confidence    REAL,
    start_seconds REAL    NOT NULL
);
CREATE INDEX ix_object_detections_class ON object_detections (video_seq, class_name, start_seconds);
CREATE INDEX ix_object_detections_item ON object_detections (item_seq);

-- Full-text index over caption and transcript text. The 'vid' column holds one token per video ('v<seq>') so a
-- search is the intersection of the video's doclist with the query's, not a scan of every video's hits.
CREATE VIRTUAL TABLE context_fts USING fts5(search_text, vid, tokenize = 'porter unicode61');

CREATE TRIGGER context_items_ai AFTER INSERT ON context_items BEGIN
    INSERT INTO context_fts (rowid, search_text, vid)
        SELECT new.seq, new.search_text, 'v' || new.video_seq WHERE new.search_text IS NOT NULL;
    INSERT INTO object_detections (item_seq, video_seq, class_name, confidence, start_seconds)
        SELECT new.seq, new.video_seq, lower(json_extract(o.value, '$.class_name')),
               json_extract(o.value, '$.confidence'), new.start_seconds
        FROM json_each(new.data, '$.objects') AS o
        WHERE new.type = 'object' AND json_extract(o.value, '$.class_name') IS NOT NULL;
END;

CREATE TRIGGER context_items_ad AFTER DELETE ON context_items BEGIN
    DELETE FROM context_fts WHERE rowid = old.seq;
END;

CREATE TRIGGER context_items_au AFTER UPDATE ON context_items BEGIN
    DELETE FROM context_fts WHERE rowid = old.seq;
    INSERT INTO context_fts (rowid, search_text, vid)
        SELECT new.seq, new.search_text, 'v' || new.video_seq WHERE new.search_text IS NOT NULL;
    DELETE FROM object_detections WHERE item_seq = old.seq;
    INSERT INTO object_detections (item_seq, video_seq, class_name, confidence, start_seconds)
        SELECT new.seq, new.video_seq, lower(json_extract(o.value, '$.class_name')),
               json_extract(o.value, '$.confidence'), new.start_seconds
        FROM json_each(new.data, '$.objects') AS o
        WHERE new.type = 'object' AND json_extract(o.value, '$.class_name') IS NOT NULL;
END;

CREATE TABLE memory_turns (
    seq        INTEGER PRIMARY KEY,
    video_seq  INTEGER NOT NULL REFERENCES videos (seq) ON DELETE CASCADE,
    role       TEXT    NOT NULL CHECK (role IN ('user', 'assistant')),
    content    TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX ix_memory_turns_video ON memory_turns (video_seq, seq);

-- Pipeline stage reports, newest last: the pipeline's view of a video's progress.
CREATE TABLE pipeline_events (
    seq         INTEGER PRIMARY KEY,
    video_seq   INTEGER NOT NULL REFERENCES videos (seq) ON DELETE CASCADE,
    stage       TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('started', 'succeeded', 'failed')),
    duration_ms INTEGER,
    error       TEXT,
    reported_at TEXT    NOT NULL
);
CREATE INDEX ix_pipeline_events_video ON pipeline_events (video_seq, seq);

-- One row the readiness probe rewrites to prove the database accepts writes.
CREATE TABLE health_probe (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TEXT NOT NULL
);
