-- The risk index per scored place (scored_places: a population figure is known), for the
-- overview map; places not scored are never drawn as ranked.
SELECT r.iso3, coalesce(c.name, r.iso3) AS name, r.risk_index, r.structural, r.dynamic,
       round(100 * r.completeness)::INTEGER AS completeness_pct, r.drivers
FROM risk_index AS r
LEFT JOIN countries AS c USING (iso3)
SEMI JOIN scored_places AS s ON s.iso3 = r.iso3
WHERE r.risk_index IS NOT NULL
ORDER BY r.risk_index DESC
