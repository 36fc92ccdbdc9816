-- The persistent job queue (reminders and other mail). A job runs at least once: it is
-- claimed with a lease; a worker that dies mid-job leaves the lease to expire and the job
-- runs again. Payloads carry ids and generic text only, never a supported person's data.
CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY,
    kind             TEXT    NOT NULL,
    -- Scheduling the same thing twice is a no-op (e.g. 'reminder:shift:12:account:3:24h').
    idempotency_key  TEXT    NOT NULL UNIQUE,
    -- What the job is about, so moving or cancelling it moves or cancels its jobs.
    entity           TEXT,
    account_id       INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
    payload          TEXT    NOT NULL DEFAULT '{}',
    run_at           TEXT    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'running', 'done', 'failed', 'cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    max_attempts     INTEGER NOT NULL DEFAULT 8,
    lease_until      TEXT,
    last_error       TEXT,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);
CREATE INDEX jobs_due ON jobs (status, run_at);
CREATE INDEX jobs_entity ON jobs (entity);
