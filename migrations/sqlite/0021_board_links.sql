-- "Who is on now" boards: a read-only page per facility for a screen at the base, opened by
-- a capability link as a calendar feed is. Only a SHA-256 of each token is kept; a revoked
-- link is kept (revoked_at) so coordinators see what was closed, and stops answering at once.
CREATE TABLE board_links (
    id            INTEGER PRIMARY KEY,
    facility_id   INTEGER NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    token_hash    TEXT    NOT NULL UNIQUE,
    created_by    INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at    TEXT    NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT
);
CREATE INDEX board_links_facility ON board_links (facility_id);
