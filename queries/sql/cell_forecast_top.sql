-- A country's cells with the highest forecast probability, with the admin-1 region that
-- most of the cell's incidents were placed in (none when the cell has no incident).
WITH regions AS (
    SELECT priogrid_gid AS gid, admin1_name, count(*) AS n
    FROM incidents
    WHERE iso3 = $iso3 AND admin1_name IS NOT NULL
    GROUP BY ALL
),
region AS (
    SELECT gid, arg_max(admin1_name, n) AS admin1_name FROM regions GROUP BY gid
)
SELECT f.gid, f.iso3, f.lat, f.lon, f.probability, f.events_12m, f.civilian_12m,
       coalesce(r.admin1_name, '') AS admin1_name, f.forecast_from, f.forecast_to
FROM cell_forecast AS f
LEFT JOIN region AS r USING (gid)
WHERE f.iso3 = $iso3
ORDER BY f.probability DESC, f.gid
LIMIT $limit
