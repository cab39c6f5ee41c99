-- Every staged row, when the warehouse has none of them (a first import): no join.
INSERT INTO incidents
SELECT * EXCLUDE (row_number)
FROM stage_incidents
