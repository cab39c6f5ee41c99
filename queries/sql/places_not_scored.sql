-- The places of the countries table that are not scored (no population figure: no people,
-- or no data), which no ranking includes.
SELECT c.iso3, c.name
FROM countries AS c
ANTI JOIN scored_places AS s ON s.iso3 = c.iso3
ORDER BY c.name
