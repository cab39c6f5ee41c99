-- The risk index per country, for the overview map.
SELECT r.iso3, coalesce(c.name, r.iso3) AS name, r.risk_index, r.structural, r.dynamic,
       round(100 * r.completeness)::INTEGER AS completeness_pct, r.drivers
FROM risk_index AS r
LEFT JOIN countries AS c USING (iso3)
WHERE r.risk_index IS NOT NULL
ORDER BY r.risk_index DESC
