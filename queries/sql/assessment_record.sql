-- One analyst's judgement of one risk factor for one country, entered on the country page.
INSERT INTO risk_assessments (iso3, factor, judgement, evidence, assessed_on, analyst, source,
                              batch_id)
VALUES ($iso3, $factor, $judgement, $evidence, $assessed_on, $analyst, 'dashboard', NULL)
