-- Court hearings and the accompaniers who go with people to them. A hearing's courtroom or
-- judge and its outcome note are sealed with the supported person's data key (like the
-- person's own fields): forgetting the person makes them unreadable too.
CREATE TABLE hearings (
    id               INTEGER PRIMARY KEY,
    person_id        INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    court_id         INTEGER NOT NULL REFERENCES facilities(id),
    starts_at        TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('master', 'merits', 'arraignment', 'bond', 'trial', 'other')),
    courtroom        BLOB,              -- sealed: courtroom or judge
    languages        TEXT    NOT NULL DEFAULT '',   -- needed, comma-separated (accompaniers filter on it)
    wanted           INTEGER NOT NULL,  -- accompaniers wanted (the seats)
    meeting_point    TEXT    NOT NULL DEFAULT '',
    meet_minutes     INTEGER NOT NULL DEFAULT 30,   -- meet this long before the hearing
    status           TEXT    NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'moved', 'completed', 'cancelled')),
    outcome_note     BLOB,              -- sealed logistics note recorded after the hearing
    next_hearing_id  INTEGER REFERENCES hearings(id) ON DELETE SET NULL,
    -- "person|court|first date" of an imported row: re-importing the same file adds nothing.
    import_key       TEXT    UNIQUE,
    -- Bumped on every change (calendar feeds use it as SEQUENCE).
    sequence         INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);
CREATE INDEX hearings_starts ON hearings (starts_at);
CREATE INDEX hearings_person ON hearings (person_id);

-- Every earlier date of a hearing (moved), or its cancellation (to_starts_at NULL).
CREATE TABLE hearing_moves (
    id              INTEGER PRIMARY KEY,
    hearing_id      INTEGER NOT NULL REFERENCES hearings(id) ON DELETE CASCADE,
    from_starts_at  TEXT    NOT NULL,
    to_starts_at    TEXT,
    moved_by        INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    moved_at        TEXT    NOT NULL
);
CREATE INDEX hearing_moves_hearing ON hearing_moves (hearing_id);

-- "I can still come" after a move: answered for the hearing's sequence at the time.
CREATE TABLE hearing_confirmations (
    hearing_id   INTEGER NOT NULL REFERENCES hearings(id) ON DELETE CASCADE,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    sequence     INTEGER NOT NULL,
    answered_at  TEXT    NOT NULL,
    PRIMARY KEY (hearing_id, account_id)
);

-- Seats have no foreign key (they belong to shifts or hearings): a forgotten hearing takes
-- its seats with it.
CREATE TRIGGER hearings_forget_seats AFTER DELETE ON hearings BEGIN
    DELETE FROM signups WHERE slot_kind = 'hearing' AND slot_id = OLD.id;
END;

-- Accompaniers signed up for a person's hearing see the person's helper fields from the
-- day before the hearing until eight hours after its start.
DROP VIEW person_helper_windows;
CREATE VIEW person_helper_windows AS
    SELECT e.person_id, s.account_id, sh.starts_at AS event_start, sh.ends_at AS event_end
      FROM watch_expected e
      JOIN shifts sh ON sh.watch_id = e.watch_id AND sh.status = 'open'
      JOIN signups s ON s.slot_kind = 'shift' AND s.slot_id = sh.id AND s.status = 'signed_up'
    UNION ALL
    SELECT h.person_id, s.account_id,
           strftime('%Y-%m-%dT%H:%M:%S+00:00', h.starts_at, '-24 hours') AS event_start,
           strftime('%Y-%m-%dT%H:%M:%S+00:00', h.starts_at, '+8 hours') AS event_end
      FROM hearings h
      JOIN signups s ON s.slot_kind = 'hearing' AND s.slot_id = h.id AND s.status = 'signed_up'
     WHERE h.status IN ('scheduled', 'moved');
