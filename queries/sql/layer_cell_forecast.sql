-- The cell forecast of the most likely study cells (up to $cap; of one country, or of all
-- when $iso3 is ''), for the maps, with the country's name; the least likely first, so
-- that the likeliest are drawn on top.
SELECT * FROM (
    SELECT f.gid, f.iso3, coalesce(c.name, f.iso3) AS name, f.lat, f.lon,
           f.probability, round(100 * f.probability, 1) AS probability_pct, f.events_12m,
           f.civilian_12m
    FROM cell_forecast AS f
    LEFT JOIN countries AS c USING (iso3)
    WHERE $iso3 = '' OR f.iso3 = $iso3
    ORDER BY f.probability DESC, f.gid
    LIMIT $cap
)
ORDER BY probability, gid
