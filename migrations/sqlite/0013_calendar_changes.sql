-- Calendar feeds are kept rendered in memory (calendar::cache) until something in them
-- changes. This counter says when: every change to a table a feed is built from bumps it,
-- in the same transaction, so a server sees the new number only once the change is
-- committed and readable. A feed's last-used time is not such a change.
-- (PostgreSQL uses a sequence instead: see its migration.)
CREATE TABLE change_counters (
    name     TEXT    PRIMARY KEY,
    version  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO change_counters (name) VALUES ('calendar');

CREATE TRIGGER calendar_changed_facilities_insert AFTER INSERT ON facilities BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_facilities_update AFTER UPDATE ON facilities BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_facilities_delete AFTER DELETE ON facilities BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_watches_insert AFTER INSERT ON watches BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_watches_update AFTER UPDATE ON watches BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_watches_delete AFTER DELETE ON watches BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_shifts_insert AFTER INSERT ON shifts BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_shifts_update AFTER UPDATE ON shifts BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_shifts_delete AFTER DELETE ON shifts BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_signups_insert AFTER INSERT ON signups BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_signups_update AFTER UPDATE ON signups BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_signups_delete AFTER DELETE ON signups BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_hearings_insert AFTER INSERT ON hearings BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_hearings_update AFTER UPDATE ON hearings BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_hearings_delete AFTER DELETE ON hearings BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_people_delete AFTER DELETE ON people BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_accounts_update AFTER UPDATE OF status, is_accompanier, is_coordinator ON accounts BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_accounts_delete AFTER DELETE ON accounts BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_feeds_update AFTER UPDATE OF revoked_at, token_hash, kind, facility_id ON calendar_feeds BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
CREATE TRIGGER calendar_changed_feeds_delete AFTER DELETE ON calendar_feeds BEGIN UPDATE change_counters SET version = version + 1 WHERE name = 'calendar'; END;
