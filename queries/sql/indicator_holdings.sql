-- Every catalogued indicator with its source, licence and years (as text: no separators),
-- and how many values the warehouse holds from the shipped reference set and from users'
-- own imports.
SELECT c.indicator_code, c.name, c.unit, c.risk_factor, c.source, c.licence,
       c.first_year::VARCHAR AS first_year, c.last_year::VARCHAR AS last_year, c.reference,
       count(i.value) FILTER (WHERE i.source = 'reference') AS reference_values,
       count(i.value) FILTER (WHERE i.source <> 'reference') AS own_values
FROM indicator_catalog AS c
LEFT JOIN indicators AS i USING (indicator_code)
GROUP BY ALL
ORDER BY c.risk_factor NULLS LAST, c.indicator_code
