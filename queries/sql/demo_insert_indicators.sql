-- Country-level demo indicator values, from the Arrow table registered as _rows.
INSERT INTO indicators BY NAME
SELECT iso3, NULL AS admin1_code, indicator_code, period, value,
       $source AS source, $batch_id AS batch_id
FROM _rows
