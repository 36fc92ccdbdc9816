-- Calendar feeds: capability URLs. Only a SHA-256 of each 256-bit token is kept, so a leaked
-- database holds no working feed address. Revoked feeds are kept (revoked_at) for the owner's
-- record; a deactivated owner's feeds stop answering (checked on every request).
CREATE TABLE calendar_feeds (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('personal', 'facility', 'coordinator')),
    facility_id   INTEGER REFERENCES facilities(id) ON DELETE CASCADE,
    token_hash    TEXT    NOT NULL UNIQUE,
    created_at    TEXT    NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT
);
CREATE INDEX calendar_feeds_account ON calendar_feeds (account_id);

-- Feeds list seats changed in the last 30 days (dropped shifts stay as CANCELLED).
CREATE INDEX signups_updated ON signups (slot_kind, slot_id, updated_at);
