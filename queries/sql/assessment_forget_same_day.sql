-- An analyst's judgement entered on the country page replaces their own judgement of the
-- same factor for the same country made the same day (then assessment_record adds it).
DELETE FROM risk_assessments
WHERE iso3 = $iso3 AND factor = $factor AND assessed_on = $assessed_on AND analyst = $analyst
