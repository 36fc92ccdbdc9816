-- A change of email address waits for a link sent to the new address ('email_change'
-- tokens, holding the address asked for): a member can't take over an address they don't
-- read, nor learn from the answer whether it has an account.
CREATE TABLE login_tokens_new (
    token_hash  TEXT    PRIMARY KEY,
    purpose     TEXT    NOT NULL CHECK (purpose IN ('sign_in', 'invite', 'setup', 'email_change')),
    account_id  INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
    created_at  TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL,
    used_at     TEXT,
    new_email   TEXT
);
INSERT INTO login_tokens_new (token_hash, purpose, account_id, created_at, expires_at, used_at)
    SELECT token_hash, purpose, account_id, created_at, expires_at, used_at FROM login_tokens;
DROP TABLE login_tokens;
ALTER TABLE login_tokens_new RENAME TO login_tokens;
CREATE INDEX login_tokens_expires ON login_tokens (expires_at);
