-- Handouts beyond the jail gate: after a hearing (counted against the hearing, drawn from the
-- place a coordinator named for it, or the court's kit) and a coordinator's own (a
-- distribution, the office: a day and a purpose). `occasion` says where a handout happened,
-- and stays when a hearing is forgotten with its person (`hearing_id` is then cleared).
ALTER TABLE supply_entries ADD COLUMN hearing_id INTEGER REFERENCES hearings(id) ON DELETE SET NULL;
ALTER TABLE supply_entries ADD COLUMN occasion TEXT CHECK (occasion IN ('shift', 'hearing', 'other'));
ALTER TABLE supply_entries ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
UPDATE supply_entries SET occasion = 'shift' WHERE kind = 'handout';
CREATE INDEX supply_entries_hearing ON supply_entries (hearing_id, item_id);

ALTER TABLE hearings ADD COLUMN supply_location_id INTEGER REFERENCES supply_locations(id) ON DELETE SET NULL;
