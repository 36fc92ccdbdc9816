-- A person expected out of a watch's facility is no longer shown to later shifts once their
-- release is logged: only the shifts that started by then (the one that met them) keep
-- seeing them, for the rest of that shift.
DROP VIEW person_helper_windows;
CREATE VIEW person_helper_windows AS
    SELECT e.person_id, s.account_id, sh.starts_at AS event_start, sh.ends_at AS event_end
      FROM watch_expected e
      JOIN shifts sh ON sh.watch_id = e.watch_id AND sh.status = 'open'
      JOIN signups s ON s.slot_kind = 'shift' AND s.slot_id = sh.id AND s.status = 'signed_up'
     WHERE e.released_at IS NULL OR sh.starts_at <= e.released_at
    UNION ALL
    SELECT h.person_id, s.account_id,
           h.starts_at - INTERVAL '24 hours' AS event_start,
           h.starts_at + INTERVAL '8 hours' AS event_end
      FROM hearings h
      JOIN signups s ON s.slot_kind = 'hearing' AND s.slot_id = h.id AND s.status = 'signed_up'
     WHERE h.status IN ('scheduled', 'moved');
