SELECT a.admin1_code, a.name,
       count(i.incident_id)                          AS incidents,
       coalesce(sum(i.fatalities), 0)::BIGINT        AS fatalities,
       coalesce(sum(i.civilian_fatalities), 0)::BIGINT AS civilian_fatalities
FROM admin1 AS a
LEFT JOIN @filtered_incidents AS i USING (admin1_code)
WHERE a.iso3 = $iso3
GROUP BY ALL
ORDER BY a.admin1_code
