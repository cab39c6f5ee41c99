INSERT INTO incidents
SELECT s.* EXCLUDE (row_number)
FROM stage_incidents AS s
JOIN stage_status AS st USING (incident_id)
WHERE st.status = 'new'
