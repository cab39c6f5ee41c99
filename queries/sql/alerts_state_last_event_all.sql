-- The last incident day (days since 1970) of every country and admin-1 region: the first
-- run's reading, which later runs update from new batches only.
SELECT 'last_event' AS kind, iso3 || coalesce('|' || admin1_code, '') AS subject, iso3,
       admin1_code, 0 AS level,
       date_diff('day', DATE '1970-01-01', max(event_date))::DOUBLE AS value
FROM incidents
WHERE iso3 IS NOT NULL
GROUP BY GROUPING SETS ((iso3), (iso3, admin1_code))
HAVING grouping(admin1_code) = 1 OR admin1_code IS NOT NULL
