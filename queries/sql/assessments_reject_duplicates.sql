-- A later record with a key (iso3, factor, assessed_on, analyst) already read from the
-- same file is rejected, naming the first.
INSERT INTO rejected_rows
SELECT $batch_id, s.row_number, to_json(s)::VARCHAR,
       ['factor: expected one assessment per iso3, factor, assessed_on and analyst, got '
        || 'another for ' || s.iso3 || ', factor ' || s.factor || ', '
        || s.assessed_on::VARCHAR || ', ' || s.analyst || ' (first at row ' || s.first_row
        || ')']
FROM (
    SELECT *,
           min(row_number) OVER (PARTITION BY iso3, factor, assessed_on, analyst) AS first_row
    FROM stage_assessments
) AS s
WHERE s.row_number > s.first_row
