-- Supported people: an opaque id and at most five fields, each sealed with the person's data
-- key (XChaCha20-Poly1305, see app/src/crypto.rs). No plaintext personal data in this file.
CREATE TABLE people (
    id            INTEGER PRIMARY KEY,
    alias         BLOB,
    contact       BLOB,
    languages     BLOB,
    note          BLOB,
    case_ref      BLOB,
    -- The last hearing or release event; drives the purge date.
    last_event_at TEXT,
    purge_after   TEXT    NOT NULL,   -- UTC; the person is forgotten after this time
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE INDEX people_purge_after ON people (purge_after);

-- Each person's data key, wrapped by a root key. Deleting this row crypto-shreds the person.
CREATE TABLE person_keys (
    person_id    INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    root_key_id  TEXT    NOT NULL,
    key_version  INTEGER NOT NULL,
    wrapped      BLOB    NOT NULL
);
CREATE INDEX person_keys_root ON person_keys (root_key_id);

-- Who may see a person's alias, languages and note, and around which event. Watches and
-- hearings add rows here for those signed up; coordinators always may.
CREATE TABLE person_access (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    event_start TEXT    NOT NULL,
    event_end   TEXT    NOT NULL
);
CREATE INDEX person_access_account ON person_access (account_id, person_id);

-- Every view of decrypted data. Ids only, no personal data; kept 90 days.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    actor_id    INTEGER,
    person_id   INTEGER NOT NULL,
    action      TEXT    NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
