-- The 14 risk factors, their dimension in our index, and how many catalogued indicators
-- measure each.
SELECT f.factor, f.name, f.dimension, count(c.indicator_code) AS indicators
FROM risk_factors AS f
LEFT JOIN indicator_catalog AS c ON c.risk_factor = f.factor
GROUP BY f.factor, f.name, f.dimension
ORDER BY f.factor
