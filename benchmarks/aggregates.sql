-- name: busiest_country
SELECT iso3, max(event_date) FROM incidents GROUP BY iso3 ORDER BY count(*) DESC LIMIT 1
-- name: pandas_columns
SELECT iso3, admin1_code, event_date::TIMESTAMP AS event_date, priogrid_gid, fatalities
FROM incidents
-- name: country_month
SELECT iso3, date_trunc('month', event_date) AS month, count(*) AS n, sum(fatalities) AS f
FROM incidents GROUP BY ALL
-- name: admin1_month
SELECT admin1_code, date_trunc('month', event_date) AS month, count(*) AS n,
       sum(fatalities) AS f
FROM incidents WHERE iso3 = $iso3 GROUP BY ALL
-- name: grid_window
SELECT priogrid_gid, count(*) AS n, sum(fatalities) AS f
FROM incidents WHERE event_date > $end::DATE - INTERVAL 365 DAY GROUP BY ALL
