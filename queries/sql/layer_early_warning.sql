-- Regional early-warning coverage per country on $on_date: how many mechanisms cover it,
-- for the overview map (countries covered by none are left out: no colour).
SELECT m.iso3, coalesce(c.name, m.iso3) AS name, count(*)::INTEGER AS mechanisms,
       string_agg(m.org_code || ': ' || m.early_warning, '<br>' ORDER BY m.org_code)
           AS mechanism_names,
       string_agg(m.org_code, ', ' ORDER BY m.org_code) FILTER (WHERE m.suspended)
           AS suspended_in
FROM @mechanisms_on AS m
LEFT JOIN countries AS c USING (iso3)
GROUP BY m.iso3, c.name
ORDER BY m.iso3
