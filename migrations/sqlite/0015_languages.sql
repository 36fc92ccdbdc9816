-- The language Vigil speaks to each member (pages, mail, calendar feeds): a code of one of the
-- catalogues in app/web/locales/. Existing accounts keep English.
ALTER TABLE accounts ADD COLUMN language TEXT NOT NULL DEFAULT 'en';

-- Settings of the whole group, one row each. `default_language`: the language new invitations
-- are written in unless the coordinator names another.
CREATE TABLE group_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A feed is written in its owner's language: changing it is a change to their feeds (the
-- feed cache, migration 0013, builds them again).
CREATE TRIGGER calendar_changed_accounts_language AFTER UPDATE OF language ON accounts BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
