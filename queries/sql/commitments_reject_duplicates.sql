-- A later record with a key (iso3, commitment) already read from the same file is
-- rejected, naming the first.
INSERT INTO rejected_rows
SELECT $batch_id, s.row_number, to_json(s)::VARCHAR,
       ['commitment: expected one row per iso3 and commitment, got another for ' || s.iso3
        || ', ' || s.commitment || ' (first at row ' || s.first_row || ')']
FROM (
    SELECT *, min(row_number) OVER (PARTITION BY iso3, commitment) AS first_row
    FROM stage_commitments
) AS s
WHERE s.row_number > s.first_row
