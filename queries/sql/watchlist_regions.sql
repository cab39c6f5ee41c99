-- The UN regions of the countries our risk index scores, for the watchlist's filter.
SELECT DISTINCT c.un_region
FROM risk_index AS r
JOIN countries AS c USING (iso3)
WHERE c.un_region IS NOT NULL
ORDER BY c.un_region
