UPDATE indicators AS i SET value = s.value, batch_id = $batch_id
FROM stage_indicators AS s
JOIN stage_indicators_status AS st USING (row_number)
WHERE st.status = 'changed'
  AND i.iso3 = s.iso3 AND i.admin1_code IS NOT DISTINCT FROM s.admin1_code
  AND i.indicator_code = s.indicator_code AND i.period = s.period AND i.source = s.source
