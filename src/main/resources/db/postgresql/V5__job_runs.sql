-- The last period in which each scheduled job ran, shared by the replicas (storage.Coordination.oncePerPeriod): a
-- replica claims a period with one conditional upsert, so a job scheduled on every replica runs once per period.
CREATE TABLE job_runs (
    job        TEXT PRIMARY KEY,
    period     BIGINT NOT NULL,
    started_at TEXT NOT NULL
);
