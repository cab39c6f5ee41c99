-- Queries the dashboard benchmark needs besides the app's own named SQL (queries/sql/).
-- name: busiest_country
SELECT iso3, count(*) AS incidents
FROM incidents
WHERE iso3 IS NOT NULL
GROUP BY iso3
ORDER BY incidents DESC, iso3
LIMIT 1
-- name: demo_incidents
SELECT count(*) AS n FROM incidents WHERE source = 'demo'
