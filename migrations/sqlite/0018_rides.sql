-- Rides to court and back, or from the jail. A ride belongs to a person (its pickup is sealed
-- with their data key and goes with them) and to one hearing or one release watch. Drivers
-- take it with the seat mechanism (`signups`, slot kind 'ride'): `drivers` is its capacity.
-- `area` is the rough area every driver sees ("Eastside"); `pickup` (sealed) is for the driver
-- who took it, in the need-to-know window. A `RIDE` text from the person makes a 'draft'.
ALTER TABLE accounts ADD COLUMN is_driver INTEGER NOT NULL DEFAULT 0;

-- Seats gain a kind, 'ride'. SQLite cannot change a CHECK in place: the table is rebuilt
-- (its view and the trigger that name it are dropped first and made again below).
DROP VIEW person_helper_windows;
DROP TRIGGER hearings_forget_seats;
CREATE TABLE signups_new (
    id              INTEGER PRIMARY KEY,
    slot_kind       TEXT    NOT NULL CHECK (slot_kind IN ('shift', 'hearing', 'ride')),
    slot_id         INTEGER NOT NULL,
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    status          TEXT    NOT NULL CHECK (status IN ('signed_up', 'waitlisted', 'dropped', 'removed', 'no_show')),
    joined_at       TEXT    NOT NULL,
    checked_in_at   TEXT,
    checked_out_at  TEXT,
    cant_come_at    TEXT,
    updated_at      TEXT    NOT NULL,
    confirmed_at    TEXT,
    UNIQUE (slot_kind, slot_id, account_id)
);
INSERT INTO signups_new (id, slot_kind, slot_id, account_id, status, joined_at, checked_in_at, checked_out_at, cant_come_at, updated_at, confirmed_at)
    SELECT id, slot_kind, slot_id, account_id, status, joined_at, checked_in_at, checked_out_at, cant_come_at, updated_at, confirmed_at FROM signups;
DROP TABLE signups;
ALTER TABLE signups_new RENAME TO signups;
CREATE INDEX signups_slot ON signups (slot_kind, slot_id, status);
CREATE INDEX signups_account ON signups (account_id, status);
CREATE INDEX signups_updated ON signups (slot_kind, slot_id, updated_at);
CREATE TRIGGER calendar_changed_signups_insert AFTER INSERT ON signups BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_signups_update AFTER UPDATE ON signups BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_signups_delete AFTER DELETE ON signups BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER hearings_forget_seats AFTER DELETE ON hearings BEGIN
    DELETE FROM signups WHERE slot_kind = 'hearing' AND slot_id = OLD.id;
END;

CREATE TABLE rides (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    hearing_id  INTEGER REFERENCES hearings(id) ON DELETE CASCADE,
    watch_id    INTEGER REFERENCES watches(id) ON DELETE CASCADE,
    starts_at   TEXT    NOT NULL,
    seats       INTEGER NOT NULL DEFAULT 1,
    drivers     INTEGER NOT NULL DEFAULT 1,
    area        TEXT    NOT NULL DEFAULT '',
    pickup      BLOB,
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('draft', 'open', 'cancelled')),
    asked_by_person INTEGER NOT NULL DEFAULT 0,
    sequence    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    CHECK ((hearing_id IS NULL) <> (watch_id IS NULL))
);
CREATE INDEX rides_starts ON rides (starts_at);
CREATE INDEX rides_person ON rides (person_id);

CREATE TRIGGER calendar_changed_rides_insert AFTER INSERT ON rides BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_rides_update AFTER UPDATE ON rides BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_rides_delete AFTER DELETE ON rides BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;

-- Seats have no foreign key: a ride deleted (with its person) takes its drivers' seats.
CREATE TRIGGER rides_forget_seats AFTER DELETE ON rides BEGIN
    DELETE FROM signups WHERE slot_kind = 'ride' AND slot_id = OLD.id;
END;

-- The driver of a ride sees the person's fields in the same window as an accompanier.
CREATE VIEW person_helper_windows AS
    SELECT e.person_id, s.account_id, sh.starts_at AS event_start, sh.ends_at AS event_end
      FROM watch_expected e
      JOIN shifts sh ON sh.watch_id = e.watch_id AND sh.status = 'open'
      JOIN signups s ON s.slot_kind = 'shift' AND s.slot_id = sh.id AND s.status = 'signed_up'
     WHERE e.released_at IS NULL OR sh.starts_at <= e.released_at
    UNION ALL
    SELECT h.person_id, s.account_id,
           strftime('%Y-%m-%dT%H:%M:%S+00:00', h.starts_at, '-24 hours') AS event_start,
           strftime('%Y-%m-%dT%H:%M:%S+00:00', h.starts_at, '+8 hours') AS event_end
      FROM hearings h
      JOIN signups s ON s.slot_kind = 'hearing' AND s.slot_id = h.id AND s.status = 'signed_up'
     WHERE h.status IN ('scheduled', 'moved')
    UNION ALL
    SELECT r.person_id, s.account_id,
           strftime('%Y-%m-%dT%H:%M:%S+00:00', r.starts_at, '-24 hours') AS event_start,
           strftime('%Y-%m-%dT%H:%M:%S+00:00', r.starts_at, '+8 hours') AS event_end
      FROM rides r
      JOIN signups s ON s.slot_kind = 'ride' AND s.slot_id = r.id AND s.status = 'signed_up'
     WHERE r.status = 'open';
