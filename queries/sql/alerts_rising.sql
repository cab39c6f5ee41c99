-- Subjects whose level rose between the run at $then and the run at $now (absent = 0).
SELECT cur.kind, cur.subject, cur.iso3, cur.admin1_code, cur.level, cur.value,
       coalesce(old.level, 0) AS old_level, old.value AS old_value
FROM alert_states AS cur
LEFT JOIN alert_states AS old
  ON old.run_at = $then AND old.kind = cur.kind AND old.subject = cur.subject
WHERE cur.run_at = $now AND cur.kind <> 'last_event' AND cur.level > coalesce(old.level, 0)
