-- What each person wants to hear about, and when not to be disturbed.
CREATE TABLE notification_prefs (
    account_id          INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    reminders           INTEGER NOT NULL DEFAULT 1,
    reminder_hours      TEXT    NOT NULL DEFAULT '24,2',   -- hours before a shift or hearing
    changes             INTEGER NOT NULL DEFAULT 1,        -- moved, cancelled, waitlist, removed
    urgent              INTEGER NOT NULL DEFAULT 0,        -- urgent call-outs: opt in
    coordinator_alerts  INTEGER NOT NULL DEFAULT 1,        -- understaffed, weekly digest
    quiet_start         TEXT,                              -- 'HH:MM' in time_zone, or NULL
    quiet_end           TEXT,
    time_zone           TEXT    NOT NULL DEFAULT 'UTC'
);
