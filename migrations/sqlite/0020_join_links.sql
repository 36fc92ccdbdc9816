-- Join links: a coordinator posts one in a group's chat; whoever opens it asks to join.
-- Only a SHA-256 of the link's token is kept. `requests` counts the requests the link has
-- taken, for its cap. The roles are those an approved request is invited with (never
-- coordinator: that is given by hand).
CREATE TABLE join_links (
    id              INTEGER PRIMARY KEY,
    token_hash      TEXT    NOT NULL UNIQUE,
    created_by      INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at      TEXT    NOT NULL,
    expires_at      TEXT,
    cap             INTEGER,
    requests        INTEGER NOT NULL DEFAULT 0,
    is_volunteer    INTEGER NOT NULL DEFAULT 0,
    is_accompanier  INTEGER NOT NULL DEFAULT 0,
    language        TEXT,
    revoked_at      TEXT
);

-- A request waits here until a coordinator decides: approved, it becomes an invited account;
-- declined or left undecided for two weeks, it is deleted. No account exists before approval.
CREATE TABLE join_requests (
    id            INTEGER PRIMARY KEY,
    link_id       INTEGER NOT NULL REFERENCES join_links(id) ON DELETE CASCADE,
    display_name  TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    voucher       TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    UNIQUE (link_id, email)
);
CREATE INDEX join_requests_created ON join_requests (created_at);
