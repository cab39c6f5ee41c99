-- Regional organisations each country belongs to on $on_date, for the overview map.
SELECT m.iso3, coalesce(c.name, m.iso3) AS name, count(*)::INTEGER AS organisations,
       string_agg(m.org_code, ', ' ORDER BY m.org_code) AS org_codes,
       coalesce(string_agg(m.org_code, ', ' ORDER BY m.org_code) FILTER (WHERE m.suspended),
                'none') AS suspended_in
FROM @memberships_on AS m
LEFT JOIN countries AS c USING (iso3)
GROUP BY m.iso3, c.name
ORDER BY m.iso3
