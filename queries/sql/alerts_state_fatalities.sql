-- Countries whose civilian fatalities in the week from $since to $through reach
-- $threshold (level 1) or $high (level 2).
SELECT 'fatalities' AS kind, iso3 AS subject, iso3, NULL::VARCHAR AS admin1_code,
       CASE WHEN sum(civilian_fatalities) >= $high THEN 2 ELSE 1 END AS level,
       sum(civilian_fatalities)::DOUBLE AS value
FROM incidents
WHERE event_date BETWEEN $since AND $through AND iso3 IS NOT NULL
GROUP BY iso3
HAVING sum(civilian_fatalities) >= $threshold
