-- Hot cells at $min_confidence or more: level 2 when the cell is new or intensifying.
SELECT 'hotspot' AS kind, 'gid:' || gid AS subject, iso3, NULL::VARCHAR AS admin1_code,
       CASE WHEN pattern IN ('new', 'intensifying') THEN 2 ELSE 1 END AS level,
       events::DOUBLE AS value
FROM hotspot_cells
WHERE confidence >= $min_confidence
