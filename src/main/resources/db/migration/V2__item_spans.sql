-- The longest item (end - start) per video and type, kept by triggers. Time-window queries start their index range
-- scan at (from - max_span) instead of (from - the configured maximum span): for BRI's data, where frames, captions
-- and detections are points and transcript segments last seconds, that reads the window and little else.
-- The value only ever grows (a replaced or deleted item leaves it as it was), so the bound stays safe.
CREATE TABLE item_spans (
    video_seq INTEGER NOT NULL REFERENCES videos (seq) ON DELETE CASCADE,
    type      TEXT    NOT NULL,
    max_span  REAL    NOT NULL,
    PRIMARY KEY (video_seq, type)
) WITHOUT ROWID;

INSERT INTO item_spans (video_seq, type, max_span)
    SELECT video_seq, type, max(COALESCE(end_seconds, start_seconds) - start_seconds)
    FROM context_items GROUP BY video_seq, type;

CREATE TRIGGER context_items_span_ai AFTER INSERT ON context_items BEGIN
    INSERT INTO item_spans (video_seq, type, max_span)
        VALUES (new.video_seq, new.type, COALESCE(new.end_seconds, new.start_seconds) - new.start_seconds)
        ON CONFLICT (video_seq, type) DO UPDATE SET max_span = max(max_span, excluded.max_span);
END;

CREATE TRIGGER context_items_span_au AFTER UPDATE OF type, start_seconds, end_seconds ON context_items BEGIN
    INSERT INTO item_spans (video_seq, type, max_span)
        VALUES (new.video_seq, new.type, COALESCE(new.end_seconds, new.start_seconds) - new.start_seconds)
        ON CONFLICT (video_seq, type) DO UPDATE SET max_span = max(max_span, excluded.max_span);
END;
