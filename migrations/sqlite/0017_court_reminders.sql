-- Court-date reminders to the people we support. Every answer a person gives about them is
-- kept, newest last: consent (recorded by a coordinator: who, when, which channel, which
-- language) and its withdrawal (by the person's STOP, or by a coordinator). They go with the
-- person. No personal data in clear: the contact stays sealed on the person's row;
-- `contact_index` is a keyed hash (HMAC) of the number, so a STOP from it finds the person.
CREATE TABLE reminder_consents (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    action        TEXT    NOT NULL CHECK (action IN ('given', 'withdrawn')),
    channel       TEXT    NOT NULL,
    language      TEXT    NOT NULL,
    contact_index TEXT,
    -- The coordinator; NULL on a withdrawal: the person did.
    by_account    INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    by_person     INTEGER NOT NULL DEFAULT 0,
    at            TEXT    NOT NULL
);
CREATE INDEX reminder_consents_person ON reminder_consents (person_id, id);
CREATE INDEX reminder_consents_contact ON reminder_consents (contact_index);

-- What a person wrote back to a reminder (anything but STOP), for the coordinators on the
-- person's page: sealed with the person's data key (forgetting them makes it unreadable, and
-- the row goes with them). The notice to coordinators says only that they wrote.
CREATE TABLE person_messages (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    body        BLOB,
    received_at TEXT    NOT NULL
);
CREATE INDEX person_messages_person ON person_messages (person_id, id);
