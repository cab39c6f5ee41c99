-- new: no assessment with the key yet; same: judgement, evidence and source equal the
-- stored ones; changed: otherwise.
CREATE OR REPLACE TEMP TABLE stage_assessments_status AS
SELECT s.row_number,
       CASE
           WHEN a.iso3 IS NULL THEN 'new'
           WHEN a.judgement = s.judgement AND a.evidence IS NOT DISTINCT FROM s.evidence
                AND a.source IS NOT DISTINCT FROM s.source THEN 'same'
           ELSE 'changed'
       END AS status
FROM stage_assessments AS s
LEFT JOIN risk_assessments AS a
    ON a.iso3 = s.iso3 AND a.factor = s.factor AND a.assessed_on = s.assessed_on
   AND a.analyst = s.analyst
