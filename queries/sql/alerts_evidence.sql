-- The incidents behind an alert: a place (an admin-1 region when given; grid cells when
-- given), a date range, only new batches when $after_batch is set; the deadliest first.
SELECT incident_id, event_date, admin1_code, category, fatalities, civilian_fatalities,
       sensitivity, priogrid_gid, location
FROM incidents
WHERE iso3 = $iso3 AND event_date BETWEEN $date_from AND $date_to
  AND ($admin1 IS NULL OR admin1_code = $admin1)
  AND ($gids IS NULL OR list_contains($gids, priogrid_gid))
  AND ($after_batch IS NULL OR batch_id > $after_batch)
  AND (NOT $restricted_only OR sensitivity = 'restricted')
ORDER BY coalesce(civilian_fatalities, 0) + coalesce(fatalities, 0) DESC, event_date DESC,
         incident_id
LIMIT $limit
