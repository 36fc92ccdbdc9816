-- What each person wants to hear about, and when not to be disturbed.
CREATE TABLE notification_prefs (
    account_id          BIGINT  PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    reminders           BOOLEAN NOT NULL DEFAULT TRUE,
    reminder_hours      TEXT    NOT NULL DEFAULT '24,2',   -- hours before a shift or hearing
    changes             BOOLEAN NOT NULL DEFAULT TRUE,     -- moved, cancelled, waitlist, removed
    urgent              BOOLEAN NOT NULL DEFAULT FALSE,    -- urgent call-outs: opt in
    coordinator_alerts  BOOLEAN NOT NULL DEFAULT TRUE,     -- understaffed, weekly digest
    quiet_start         TEXT,                              -- 'HH:MM' in time_zone, or NULL
    quiet_end           TEXT,
    time_zone           TEXT    NOT NULL DEFAULT 'UTC'
);
