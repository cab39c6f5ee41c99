INSERT INTO indicators (iso3, admin1_code, indicator_code, period, value, source, batch_id)
SELECT s.iso3, s.admin1_code, s.indicator_code, s.period, s.value, s.source, $batch_id
FROM stage_indicators AS s
JOIN stage_indicators_status AS st USING (row_number)
WHERE st.status = 'new'
ORDER BY s.row_number
