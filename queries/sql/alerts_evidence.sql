-- The incidents behind each alert asked for in _rows (alert_no, iso3, admin1, date_from,
-- date_to, gids, after_batch, restricted_only): its place (an admin-1 region, grid cells
-- when given), its dates, only new batches when after_batch is set; the deadliest first,
-- at most $limit per alert. $earliest (the first date_from) lets the scan skip old data.
SELECT a.alert_no, i.incident_id, i.event_date, i.admin1_code, i.category, i.fatalities,
       i.civilian_fatalities, i.sensitivity, i.priogrid_gid, i.location
FROM _rows AS a
JOIN incidents AS i
  ON i.iso3 = a.iso3 AND i.event_date BETWEEN a.date_from AND a.date_to
WHERE i.event_date >= $earliest
  AND (a.admin1 IS NULL OR i.admin1_code = a.admin1)
  AND (a.gids IS NULL OR list_contains(a.gids, i.priogrid_gid))
  AND (a.after_batch IS NULL OR i.batch_id > a.after_batch)
  AND (NOT a.restricted_only OR i.sensitivity = 'restricted')
QUALIFY row_number() OVER (
    PARTITION BY a.alert_no
    ORDER BY coalesce(i.civilian_fatalities, 0) + coalesce(i.fatalities, 0) DESC,
             i.event_date DESC, i.incident_id) <= $limit
ORDER BY a.alert_no, coalesce(i.civilian_fatalities, 0) + coalesce(i.fatalities, 0) DESC,
         i.event_date DESC, i.incident_id
