-- Calendar feeds are kept rendered in memory (calendar::cache) until something in them
-- changes. This sequence says when: every change to a table a feed is built from takes a
-- number from it as its transaction commits (deferred constraint triggers), so a server sees
-- the new number at most a moment before the change itself (calendar::cache::GRACE covers
-- that moment). A feed's last-used time is not such a change.
-- A sequence, not a counter row as on SQLite: taking a number locks nothing and leaves no
-- dead rows, so concurrent sign-ups on several servers never queue for it.
CREATE SEQUENCE calendar_changes;

CREATE FUNCTION calendar_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('calendar_changes');
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER calendar_changed_facilities AFTER INSERT OR UPDATE OR DELETE ON facilities DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_changed();
CREATE CONSTRAINT TRIGGER calendar_changed_watches AFTER INSERT OR UPDATE OR DELETE ON watches DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_changed();
CREATE CONSTRAINT TRIGGER calendar_changed_shifts AFTER INSERT OR UPDATE OR DELETE ON shifts DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_changed();
CREATE CONSTRAINT TRIGGER calendar_changed_signups AFTER INSERT OR UPDATE OR DELETE ON signups DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_changed();
CREATE CONSTRAINT TRIGGER calendar_changed_hearings AFTER INSERT OR UPDATE OR DELETE ON hearings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_changed();
CREATE CONSTRAINT TRIGGER calendar_changed_people AFTER DELETE ON people DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_changed();
CREATE CONSTRAINT TRIGGER calendar_changed_accounts_update AFTER UPDATE OF status, is_accompanier, is_coordinator ON accounts DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_changed();
CREATE CONSTRAINT TRIGGER calendar_changed_accounts_delete AFTER DELETE ON accounts DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_changed();
CREATE CONSTRAINT TRIGGER calendar_changed_feeds_update AFTER UPDATE OF revoked_at, token_hash, kind, facility_id ON calendar_feeds DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_changed();
CREATE CONSTRAINT TRIGGER calendar_changed_feeds_delete AFTER DELETE ON calendar_feeds DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_changed();
