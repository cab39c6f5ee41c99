SELECT i.iso3, coalesce(c.name, i.iso3) AS name,
       count(*)                                    AS incidents,
       coalesce(sum(i.fatalities), 0)::BIGINT      AS fatalities,
       coalesce(sum(i.civilian_fatalities), 0)::BIGINT AS civilian_fatalities
FROM @filtered_incidents AS i
LEFT JOIN countries AS c USING (iso3)
WHERE i.iso3 IS NOT NULL
GROUP BY ALL
ORDER BY incidents DESC
