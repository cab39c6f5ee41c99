-- The Framework of Analysis risk factors no catalogued indicator measures, and why.
SELECT f.factor, f.name,
       coalesce(f.not_measured, 'No indicator in the catalogue.') AS not_measured
FROM risk_factors AS f
ANTI JOIN indicator_catalog AS c ON c.risk_factor = f.factor
ORDER BY f.factor
