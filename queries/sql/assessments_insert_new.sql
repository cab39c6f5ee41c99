INSERT INTO risk_assessments (iso3, factor, judgement, evidence, assessed_on, analyst, source,
                              batch_id)
SELECT s.iso3, s.factor, s.judgement, s.evidence, s.assessed_on, s.analyst, s.source,
       $batch_id
FROM stage_assessments AS s
JOIN stage_assessments_status AS st USING (row_number)
WHERE st.status = 'new'
ORDER BY s.row_number
