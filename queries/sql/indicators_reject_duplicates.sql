-- A later record with a key (iso3, admin1_code, indicator, period, source) already read
-- from the same file is rejected, naming the first.
INSERT INTO rejected_rows
SELECT $batch_id, s.row_number, to_json(s)::VARCHAR,
       ['indicator: expected one value per iso3, admin1_code, indicator, period and source, '
        || 'got another for ' || s.iso3 || ', ' || coalesce(s.admin1_code, '(no admin1_code)')
        || ', ''' || s.indicator_code || ''', ' || s.period::VARCHAR || ', ' || s.source
        || ' (first at row ' || s.first_row || ')']
FROM (
    SELECT *,
           min(row_number) OVER (PARTITION BY iso3, admin1_code, indicator_code, period, source)
               AS first_row
    FROM stage_indicators
) AS s
WHERE s.row_number > s.first_row
