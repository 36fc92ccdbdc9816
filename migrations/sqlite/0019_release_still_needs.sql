-- What a released person still needed when the volunteers logged them ("no ride"), kept
-- until a coordinator marks it sorted: the coordinators' "Needs attention" list shows the
-- last 12 hours of these. Need keys only (comma-separated), never a name or a place.
ALTER TABLE release_log ADD COLUMN still_needs TEXT NOT NULL DEFAULT '';
CREATE INDEX release_log_released ON release_log (released_at);
