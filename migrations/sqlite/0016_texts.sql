-- Text messages (SMS and Signal) beside email.

-- Which channels each kind of notice goes by: 'email', 'sms', 'signal', comma-separated.
ALTER TABLE notification_prefs ADD COLUMN reminders_via TEXT NOT NULL DEFAULT 'email';
ALTER TABLE notification_prefs ADD COLUMN changes_via TEXT NOT NULL DEFAULT 'email';
ALTER TABLE notification_prefs ADD COLUMN urgent_via TEXT NOT NULL DEFAULT 'email';
ALTER TABLE notification_prefs ADD COLUMN coordinator_alerts_via TEXT NOT NULL DEFAULT 'email';

-- A member's phone number (E.164). Personal data of the member: shown to them and to
-- coordinators only, never logged. Nothing is texted to it on a channel until a code sent
-- over that channel came back (`*_verified_at`); only the code's hash is kept.
CREATE TABLE phones (
    account_id         INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    number             TEXT    NOT NULL,
    sms_verified_at    TEXT,
    signal_verified_at TEXT,
    code_hash          TEXT,
    code_channel       TEXT,
    code_expires_at    TEXT,
    code_tries         INTEGER NOT NULL DEFAULT 0,
    -- "STOP" by SMS: nothing more by SMS (but the one confirmation) until "START".
    sms_stopped_at     TEXT,
    updated_at         TEXT    NOT NULL
);
-- A reply maps to its account by the number, so a verified number has one account.
CREATE UNIQUE INDEX phones_verified_number ON phones (number)
    WHERE sms_verified_at IS NOT NULL OR signal_verified_at IS NOT NULL;

-- The texts sent to each member, so a reply maps to the notice it answers (the newest) and a
-- provider's delivery report to its job. What it was about as ids only: no words, no number.
CREATE TABLE texts_sent (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    channel     TEXT    NOT NULL,
    -- 'call_out', 'reminder' (can be answered) or 'other'.
    kind        TEXT    NOT NULL,
    -- 'callout:7', 'shift:12', 'hearing:3', or ''.
    about       TEXT    NOT NULL,
    job_id      INTEGER,
    provider_id TEXT,
    sent_at     TEXT    NOT NULL
);
CREATE INDEX texts_sent_account ON texts_sent (account_id, id);
CREATE INDEX texts_sent_provider ON texts_sent (provider_id);

-- "C" to a reminder: the volunteer said they are coming (shown on the coverage board).
ALTER TABLE signups ADD COLUMN confirmed_at TEXT;
