INSERT INTO trainings BY NAME
SELECT s.* EXCLUDE (row_number), $batch_id AS batch_id
FROM stage_trainings AS s
JOIN stage_trainings_status AS st USING (row_number)
WHERE st.status = 'new'
ORDER BY s.row_number
