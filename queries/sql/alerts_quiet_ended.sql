-- Places with new reports after more than $quiet_days without any: the previous last
-- incident day against the first new one after it.
SELECT n.subject, n.iso3, n.admin1_code, s.value AS previous_day,
       min(i.day) AS first_day, count(*) AS incidents
FROM _new_places AS n
JOIN alert_states AS s
  ON s.run_at = $previous AND s.kind = 'last_event' AND s.subject = n.subject
JOIN (SELECT iso3, admin1_code,
             date_diff('day', DATE '1970-01-01', event_date)::DOUBLE AS day
      FROM incidents WHERE batch_id > $max_batch) AS i
  ON i.iso3 = n.iso3 AND (n.admin1_code IS NULL OR i.admin1_code = n.admin1_code)
WHERE n.last_day - s.value > $quiet_days AND i.day > s.value
GROUP BY n.subject, n.iso3, n.admin1_code, s.value
HAVING min(i.day) - s.value > $quiet_days
