-- Incidents of batches after $max_batch, per country and admin-1 region: the places that
-- have new reports since the previous run.
SELECT iso3 || coalesce('|' || admin1_code, '') AS subject, iso3, admin1_code,
       date_diff('day', DATE '1970-01-01', min(event_date))::DOUBLE AS first_day,
       date_diff('day', DATE '1970-01-01', max(event_date))::DOUBLE AS last_day,
       count(*) AS incidents
FROM incidents
WHERE batch_id > $max_batch AND iso3 IS NOT NULL
GROUP BY GROUPING SETS ((iso3), (iso3, admin1_code))
HAVING grouping(admin1_code) = 1 OR admin1_code IS NOT NULL
