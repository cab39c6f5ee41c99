-- Every country and territory, with how many incidents the warehouse holds for it, for the
-- country search (countries with incidents first among equal matches).
SELECT c.iso3, c.name, count(i.incident_id) AS incidents
FROM countries AS c
LEFT JOIN incidents AS i USING (iso3)
GROUP BY ALL
ORDER BY c.name
