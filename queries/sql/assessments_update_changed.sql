UPDATE risk_assessments AS a
SET judgement = s.judgement, evidence = s.evidence, source = s.source, batch_id = $batch_id
FROM stage_assessments AS s
JOIN stage_assessments_status AS st USING (row_number)
WHERE st.status = 'changed'
  AND a.iso3 = s.iso3 AND a.factor = s.factor AND a.assessed_on = s.assessed_on
  AND a.analyst = s.analyst
