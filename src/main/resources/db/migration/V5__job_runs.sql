-- The last period in which each scheduled job ran, as db/postgresql/V5. Unused on SQLite (one process owns the
-- database and its schedule fires once per period); present so both engines stay at the same schema version, which
-- `bri-context migrate` requires.
CREATE TABLE job_runs (
    job        TEXT PRIMARY KEY,
    period     INTEGER NOT NULL,
    started_at TEXT NOT NULL
);
