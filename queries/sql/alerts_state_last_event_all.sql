-- The last incident day (days since 1970) of every country and admin-1 region: the first
-- run's reading, which later runs update from new batches only. One pass over the
-- incidents by place, then the countries from their places.
WITH places AS (
    SELECT iso3, admin1_code, max(event_date) AS last_date
    FROM incidents
    WHERE iso3 IS NOT NULL
    GROUP BY iso3, admin1_code
)
SELECT 'last_event' AS kind, iso3 || '|' || admin1_code AS subject, iso3, admin1_code,
       0 AS level, date_diff('day', DATE '1970-01-01', last_date)::DOUBLE AS value
FROM places
WHERE admin1_code IS NOT NULL
UNION ALL
SELECT 'last_event', iso3, iso3, NULL, 0,
       date_diff('day', DATE '1970-01-01', max(last_date))::DOUBLE
FROM places
GROUP BY iso3
