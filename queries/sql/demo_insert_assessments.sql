-- The demo Framework of Analysis assessments, from the Arrow table registered as _rows.
INSERT INTO risk_assessments BY NAME
SELECT *, $source AS source, $batch_id AS batch_id
FROM _rows
