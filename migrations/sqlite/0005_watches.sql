-- Facilities, release watches, their shifts, the shared sign-up mechanism and the release log.
-- Times are UTC; each facility's IANA time zone turns them into local times on pages and mail.

-- A qualification coordinators grant: can lead a watch shift.
ALTER TABLE accounts ADD COLUMN is_trained_lead INTEGER NOT NULL DEFAULT 0;

CREATE TABLE facilities (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('jail', 'precinct', 'detention', 'courthouse')),
    address     TEXT    NOT NULL DEFAULT '',   -- public address (goes into calendar LOCATION)
    time_zone   TEXT    NOT NULL,
    notes       TEXT    NOT NULL DEFAULT '',   -- for volunteers: where to stand, bathrooms, safety
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

CREATE TABLE watches (
    id               INTEGER PRIMARY KEY,
    facility_id      INTEGER NOT NULL REFERENCES facilities(id),
    kind             TEXT    NOT NULL CHECK (kind IN ('standing', 'surge')),
    starts_at        TEXT    NOT NULL,
    ends_at          TEXT,              -- NULL: open-ended, until a coordinator closes it
    slot_hours       INTEGER,           -- rolling slots of this length; NULL: hand-made shifts
    min_volunteers   INTEGER NOT NULL,
    max_volunteers   INTEGER NOT NULL,
    needs_lead       INTEGER NOT NULL DEFAULT 1,
    generated_until  TEXT,              -- rolling slots exist up to here
    closed_at        TEXT,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);
CREATE INDEX watches_open ON watches (closed_at);

CREATE TABLE shifts (
    id              INTEGER PRIMARY KEY,
    watch_id        INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    starts_at       TEXT    NOT NULL,
    ends_at         TEXT    NOT NULL,
    min_volunteers  INTEGER NOT NULL,
    max_volunteers  INTEGER NOT NULL,
    needs_lead      INTEGER NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled')),
    -- Bumped on every change (calendar feeds use it as SEQUENCE).
    sequence        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    UNIQUE (watch_id, starts_at)
);
CREATE INDEX shifts_starts ON shifts (starts_at);

-- Seats on a shift or a hearing: one mechanism for both (see app/src/signups).
CREATE TABLE signups (
    id              INTEGER PRIMARY KEY,
    slot_kind       TEXT    NOT NULL CHECK (slot_kind IN ('shift', 'hearing')),
    slot_id         INTEGER NOT NULL,
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    status          TEXT    NOT NULL CHECK (status IN ('signed_up', 'waitlisted', 'dropped', 'removed', 'no_show')),
    joined_at       TEXT    NOT NULL,   -- waitlist order
    checked_in_at   TEXT,
    checked_out_at  TEXT,
    -- After the drop cutoff a helper can only tell the coordinators they can't come.
    cant_come_at    TEXT,
    updated_at      TEXT    NOT NULL,
    UNIQUE (slot_kind, slot_id, account_id)
);
CREATE INDEX signups_slot ON signups (slot_kind, slot_id, status);
CREATE INDEX signups_account ON signups (account_id, status);

-- Supported people a coordinator expects out of this watch's facility. Helpers on a shift of
-- the watch see their alias while on shift (see people::store::has_access).
CREATE TABLE watch_expected (
    watch_id   INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    added_at   TEXT    NOT NULL,
    released_at TEXT,
    PRIMARY KEY (watch_id, person_id)
);

-- Each release met. A pseudonymous label or a person's id, never a name typed here; needs
-- are for restocking and showing the need. Handoff notes are logistics for the next shift
-- and are wiped after 30 days (see watches::service::purge_old_notes).
CREATE TABLE release_log (
    id            INTEGER PRIMARY KEY,
    watch_id      INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    shift_id      INTEGER REFERENCES shifts(id) ON DELETE SET NULL,
    released_at   TEXT    NOT NULL,
    label         TEXT    NOT NULL DEFAULT '',
    person_id     INTEGER REFERENCES people(id) ON DELETE SET NULL,
    needs         TEXT    NOT NULL DEFAULT '',   -- comma-separated need keys
    handoff_note  TEXT    NOT NULL DEFAULT '',
    logged_by     INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at    TEXT    NOT NULL
);
CREATE INDEX release_log_watch ON release_log (watch_id, released_at);

-- Urgent call-outs: "N people needed at this shift"; the first N who accept get the seats.
CREATE TABLE callouts (
    id          INTEGER PRIMARY KEY,
    shift_id    INTEGER NOT NULL REFERENCES shifts(id) ON DELETE CASCADE,
    needed      INTEGER NOT NULL,
    accepted    INTEGER NOT NULL DEFAULT 0,
    created_by  INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at  TEXT    NOT NULL
);

-- When a helper may see a person's helper fields because of their work: each domain adds
-- its windows here (watches: expected releases during the helper's shifts). Manual grants
-- stay in person_access.
CREATE VIEW person_helper_windows AS
    SELECT e.person_id, s.account_id, sh.starts_at AS event_start, sh.ends_at AS event_end
      FROM watch_expected e
      JOIN shifts sh ON sh.watch_id = e.watch_id AND sh.status = 'open'
      JOIN signups s ON s.slot_kind = 'shift' AND s.slot_id = sh.id AND s.status = 'signed_up';
