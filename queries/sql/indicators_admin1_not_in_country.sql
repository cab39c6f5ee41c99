-- Regional values whose admin1_code is not a region of their iso3 in the admin1 table.
SELECT DISTINCT s.admin1_code
FROM stage_indicators AS s
ANTI JOIN admin1 AS a ON a.admin1_code = s.admin1_code AND a.iso3 = s.iso3
WHERE s.admin1_code IS NOT NULL
ORDER BY 1
