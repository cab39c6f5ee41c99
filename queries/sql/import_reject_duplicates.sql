-- A later record with an incident id already read from the same file is rejected.
-- Only the ids read more than once go through the window-free join (cheap when none are).
INSERT INTO rejected_rows
SELECT $batch_id, s.row_number, to_json(s)::VARCHAR,
       ['incident_id: expected an id not used earlier in this file, got '''
        || s.incident_id || ''' (first at row ' || s.first_row || ')']
FROM (
    SELECT st.* EXCLUDE (batch_id), d.first_row
    FROM stage_incidents AS st
    JOIN (
        SELECT incident_id, min(row_number) AS first_row
        FROM stage_incidents
        GROUP BY incident_id
        HAVING count(*) > 1
    ) AS d USING (incident_id)
) AS s
WHERE s.row_number > s.first_row
