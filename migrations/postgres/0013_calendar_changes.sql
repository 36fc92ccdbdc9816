-- Calendar feeds are kept rendered in memory (calendar::cache) until something in them
-- changes. This counter says when: every change to a table a feed is built from bumps it,
-- in the same transaction, so a server sees the new number only once the change is
-- committed and readable. A feed's last-used time is not such a change.
-- Sixteen rows, summed when read: concurrent sign-ups each bump the row of their own
-- backend, so they don't queue for one row lock until they commit.
CREATE TABLE change_counters (
    name     TEXT    NOT NULL,
    shard    INTEGER NOT NULL,
    version  BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (name, shard)
);
INSERT INTO change_counters (name, shard) SELECT 'calendar', s FROM generate_series(0, 15) AS s;

CREATE FUNCTION calendar_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_counters SET version = version + 1 WHERE name = 'calendar' AND shard = pg_backend_pid() % 16;
    RETURN NULL;
END $$;

CREATE TRIGGER calendar_changed_facilities AFTER INSERT OR UPDATE OR DELETE ON facilities FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_changed_watches AFTER INSERT OR UPDATE OR DELETE ON watches FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_changed_shifts AFTER INSERT OR UPDATE OR DELETE ON shifts FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_changed_signups AFTER INSERT OR UPDATE OR DELETE ON signups FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_changed_hearings AFTER INSERT OR UPDATE OR DELETE ON hearings FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_changed_people AFTER DELETE ON people FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_changed_accounts_update AFTER UPDATE OF status, is_accompanier, is_coordinator ON accounts FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_changed_accounts_delete AFTER DELETE ON accounts FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_changed_feeds_update AFTER UPDATE OF revoked_at, token_hash, kind, facility_id ON calendar_feeds FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_changed_feeds_delete AFTER DELETE ON calendar_feeds FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
