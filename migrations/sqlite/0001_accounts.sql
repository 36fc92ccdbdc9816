-- Accounts of the people who use Vigil (volunteers, accompaniers, coordinators).
-- Times are UTC, RFC 3339 text.
CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    email           TEXT    NOT NULL UNIQUE,
    display_name    TEXT    NOT NULL DEFAULT '',
    languages       TEXT    NOT NULL DEFAULT '',   -- comma-separated
    is_volunteer    INTEGER NOT NULL DEFAULT 0,
    is_accompanier  INTEGER NOT NULL DEFAULT 0,
    is_coordinator  INTEGER NOT NULL DEFAULT 0,
    status          TEXT    NOT NULL CHECK (status IN ('invited', 'active', 'deactivated')),
    -- Bumped by "log out everywhere" and deactivation: sessions carrying an older value end.
    session_epoch   INTEGER NOT NULL DEFAULT 0,
    invited_by      INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);

-- Magic links (sign-in, invitation) and the first-run setup link. Only a SHA-256 of the
-- token is kept, so a leaked database holds no usable link.
CREATE TABLE login_tokens (
    token_hash  TEXT    PRIMARY KEY,
    purpose     TEXT    NOT NULL CHECK (purpose IN ('sign_in', 'invite', 'setup')),
    account_id  INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
    created_at  TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL,
    used_at     TEXT
);
CREATE INDEX login_tokens_expires ON login_tokens (expires_at);
