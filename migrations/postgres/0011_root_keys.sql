-- Root keys a rotation has retired. A new person's data key is never wrapped under one of
-- these: the check runs in the same transaction as the insert, so once a rotation has
-- recorded its retirements no key under an old root key can appear behind its back.
CREATE TABLE retired_root_keys (
    id          TEXT PRIMARY KEY NOT NULL,
    retired_at  TIMESTAMPTZ NOT NULL
);

-- Keys of the whole group rather than of a person (the key unsubscribe links are signed
-- with), wrapped by the root key like people's data keys and re-wrapped by rotation, so a
-- link already mailed keeps working after `vigil rotate-key`.
CREATE TABLE instance_keys (
    purpose      TEXT PRIMARY KEY NOT NULL,
    root_key_id  TEXT NOT NULL,
    wrapped      BYTEA NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
