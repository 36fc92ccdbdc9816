-- Supplies: what each site's kit and each storage place holds, what was handed out, what to
-- restock. Stock is never stored: it is the sum of the entries (see `supply_moves`). Nothing
-- here records who received anything: handouts belong to a shift, never to a person.

CREATE TABLE supply_items (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    unit        TEXT    NOT NULL DEFAULT 'each',
    category    TEXT    NOT NULL CHECK (category IN ('clothing', 'transit', 'food_water', 'phone', 'hygiene', 'other')),
    created_at  TEXT    NOT NULL
);

-- A facility's kit (the bin at the jail: `facility_id` set) or a storage place (NULL).
CREATE TABLE supply_locations (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    facility_id INTEGER UNIQUE REFERENCES facilities(id) ON DELETE SET NULL,
    created_at  TEXT    NOT NULL
);

-- "Running low below this many", per item per location.
CREATE TABLE supply_thresholds (
    location_id INTEGER NOT NULL REFERENCES supply_locations(id) ON DELETE CASCADE,
    item_id     INTEGER NOT NULL REFERENCES supply_items(id) ON DELETE CASCADE,
    low_below   INTEGER NOT NULL CHECK (low_below >= 0),
    PRIMARY KEY (location_id, item_id)
);

CREATE TABLE supply_entries (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL CHECK (kind IN ('restock', 'transfer', 'handout', 'correction')),
    item_id         INTEGER NOT NULL REFERENCES supply_items(id),
    -- Where the stock changes; for a transfer, where it comes from.
    location_id     INTEGER NOT NULL REFERENCES supply_locations(id),
    to_location_id  INTEGER REFERENCES supply_locations(id),
    -- restock, transfer: > 0. handout: +n handed out, -n a tap taken back.
    -- correction: the difference the count found (counted - recorded), signed.
    quantity        INTEGER NOT NULL,
    counted         INTEGER,                -- correction: what was counted
    source          TEXT CHECK (source IN ('donation', 'purchase')),   -- restock
    cost_cents      INTEGER,                -- restock: what it cost, if bought
    reason          TEXT    NOT NULL DEFAULT '',   -- correction: why the count differed
    shift_id        INTEGER REFERENCES shifts(id) ON DELETE SET NULL,
    release_id      INTEGER REFERENCES release_log(id) ON DELETE SET NULL,
    -- The tally screen's id for a tap (or a no-JavaScript form): a tap sent twice (a retry
    -- after the signal came back) counts once.
    tap_id          TEXT UNIQUE,
    -- A handout beyond recorded stock: accepted (reality wins) and flagged for a count.
    beyond_stock    INTEGER NOT NULL DEFAULT 0,
    recorded_by     INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    occurred_at     TEXT    NOT NULL,
    CHECK (kind <> 'transfer' OR (to_location_id IS NOT NULL AND to_location_id <> location_id))
);
CREATE INDEX supply_entries_when ON supply_entries (occurred_at);
CREATE INDEX supply_entries_stock ON supply_entries (location_id, item_id);
CREATE INDEX supply_entries_shift ON supply_entries (shift_id, item_id);

-- Every change to a location's stock, signed: a transfer is two moves.
CREATE VIEW supply_moves AS
    SELECT id AS entry_id, location_id, item_id,
           CASE kind WHEN 'restock' THEN quantity WHEN 'correction' THEN quantity ELSE -quantity END AS delta
      FROM supply_entries
    UNION ALL
    SELECT id, to_location_id, item_id, quantity FROM supply_entries WHERE kind = 'transfer';
