-- The longest item (end - start) per video and type, as db/migration/V2 (SQLite): time-window queries start their
-- index range scan at (from - max_span). The value only ever grows, so the bound stays safe.
CREATE TABLE item_spans (
    video_seq BIGINT           NOT NULL REFERENCES videos (seq) ON DELETE CASCADE,
    type      TEXT             NOT NULL,
    max_span  DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (video_seq, type)
);

INSERT INTO item_spans (video_seq, type, max_span)
    SELECT video_seq, type, max(COALESCE(end_seconds, start_seconds) - start_seconds)
    FROM context_items GROUP BY video_seq, type;

CREATE FUNCTION context_items_span() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO item_spans (video_seq, type, max_span)
        VALUES (NEW.video_seq, NEW.type, COALESCE(NEW.end_seconds, NEW.start_seconds) - NEW.start_seconds)
        ON CONFLICT (video_seq, type) DO UPDATE SET max_span = GREATEST(item_spans.max_span, excluded.max_span);
    RETURN NULL;
END;
$$;
CREATE TRIGGER context_items_span AFTER INSERT OR UPDATE OF type, start_seconds, end_seconds ON context_items
    FOR EACH ROW EXECUTE FUNCTION context_items_span();
