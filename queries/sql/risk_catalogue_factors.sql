-- The 14 risk factors, their dimension in our index, how many catalogued indicators
-- measure each, and why a factor has none (not_measured).
SELECT f.factor, f.name, f.dimension, count(c.indicator_code) AS indicators, f.not_measured
FROM risk_factors AS f
LEFT JOIN indicator_catalog AS c ON c.risk_factor = f.factor
GROUP BY f.factor, f.name, f.dimension, f.not_measured
ORDER BY f.factor
