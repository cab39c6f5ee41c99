-- The staged rows the warehouse does not have yet.
INSERT INTO incidents
SELECT s.* EXCLUDE (row_number)
FROM stage_incidents AS s
ANTI JOIN stage_status AS st USING (incident_id)
