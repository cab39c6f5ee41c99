-- Values outside the range their catalogue entry gives (loaded all the same).
SELECT count(*)
FROM stage_indicators AS s
JOIN indicator_catalog AS c USING (indicator_code)
WHERE s.value < c.lower_bound OR s.value > c.upper_bound
