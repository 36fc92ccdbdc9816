-- A sent or cancelled job no longer keeps its text (a subject and body naming a court and a
-- time): only its bookkeeping stays. Failed jobs keep theirs, for "Retry".
UPDATE jobs SET payload = '{}' WHERE status IN ('done', 'cancelled');
