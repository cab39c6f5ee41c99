-- Demo training events, from the Arrow table registered as _rows.
INSERT INTO trainings BY NAME
SELECT *, $source AS source, $batch_id AS batch_id
FROM _rows
