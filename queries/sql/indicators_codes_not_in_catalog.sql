SELECT DISTINCT s.indicator_code
FROM stage_indicators AS s
ANTI JOIN indicator_catalog AS c USING (indicator_code)
ORDER BY 1
