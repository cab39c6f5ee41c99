-- A later record with an incident id already read from the same file is rejected.
INSERT INTO rejected_rows
SELECT $batch_id, s.row_number, to_json(s)::VARCHAR,
       ['incident_id: expected an id not used earlier in this file, got '''
        || s.incident_id || ''' (first at row ' || s.first_row || ')']
FROM (
    SELECT * EXCLUDE (batch_id),
           min(row_number) OVER (PARTITION BY incident_id) AS first_row
    FROM stage_incidents
) AS s
WHERE s.row_number > s.first_row
