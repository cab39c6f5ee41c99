-- Restricted reports of batches after $max_batch, per country.
SELECT iso3, count(*) AS incidents, sum(coalesce(fatalities, 0)) AS fatalities,
       min(event_date) AS first_date, max(event_date) AS last_date
FROM incidents
WHERE batch_id > $max_batch AND sensitivity = 'restricted' AND iso3 IS NOT NULL
GROUP BY iso3
