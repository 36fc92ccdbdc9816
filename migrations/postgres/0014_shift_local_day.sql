-- The day a shift starts on, in its facility's time zone ('2026-11-24'): the open-shifts
-- list is ordered and paged by it in SQL, which can't convert time zones on SQLite. Set by
-- the server when a shift is made and when a facility's time zone changes; shifts made
-- before this migration get theirs when the server starts (watches::service::fill_local_days).
ALTER TABLE shifts ADD COLUMN local_day TEXT;
CREATE INDEX shifts_open_by_day ON shifts (status, local_day, starts_at);
