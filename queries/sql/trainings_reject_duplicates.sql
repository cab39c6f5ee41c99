-- A later record with a training_id already read from the same file is rejected, naming
-- the first.
INSERT INTO rejected_rows
SELECT $batch_id, s.row_number, to_json(s)::VARCHAR,
       ['training_id: expected one row per training, got ' || s.training_id
        || ' again (first at row ' || s.first_row || ')']
FROM (
    SELECT *, min(row_number) OVER (PARTITION BY training_id) AS first_row
    FROM stage_trainings
) AS s
WHERE s.row_number > s.first_row
