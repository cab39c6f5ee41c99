-- The Framework of Analysis matrix of one country: every risk factor with its latest
-- judgement (NULL when none was recorded).
SELECT f.factor, f.name, f.crimes, a.judgement, a.evidence, a.assessed_on, a.analyst
FROM risk_factors AS f
LEFT JOIN (
    SELECT * FROM risk_assessments WHERE iso3 = $iso3
    QUALIFY row_number() OVER (PARTITION BY factor ORDER BY assessed_on DESC) = 1
) AS a USING (factor)
ORDER BY f.factor
