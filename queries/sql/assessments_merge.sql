-- The staged Framework of Analysis judgements into risk_assessments, one per (iso3,
-- factor, assessed_on, analyst): a new key is inserted; a stored one whose judgement,
-- evidence or source differs is updated; an equal one is left alone. Returns the action
-- per key.
MERGE INTO risk_assessments AS a
USING (FROM stage_assessments ORDER BY row_number) AS s
ON a.iso3 = s.iso3 AND a.factor = s.factor AND a.assessed_on = s.assessed_on
   AND a.analyst = s.analyst
WHEN MATCHED AND (a.judgement, a.evidence, a.source)
                 IS DISTINCT FROM (s.judgement, s.evidence, s.source)
    THEN UPDATE SET judgement = s.judgement, evidence = s.evidence, source = s.source,
                    batch_id = $batch_id
WHEN NOT MATCHED THEN
    INSERT (iso3, factor, judgement, evidence, assessed_on, analyst, source, batch_id)
    VALUES (s.iso3, s.factor, s.judgement, s.evidence, s.assessed_on, s.analyst, s.source,
            $batch_id)
RETURNING merge_action, iso3, factor, assessed_on, analyst
