-- Staged rows (count(*) alone, so that a scan that loses rows shows in the accounting),
-- and of them the changed and unchanged ones.
SELECT (SELECT count(*) FROM stage_incidents)                AS staged,
       count(*) FILTER (WHERE status = 'changed')             AS updated,
       count(*) FILTER (WHERE status = 'same')                AS unchanged
FROM stage_status
