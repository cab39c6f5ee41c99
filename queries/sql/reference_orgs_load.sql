-- The shipped regional organisations (from the Arrow table _rows), replacing earlier
-- reference rows; an organisation a user imported or corrected is left alone.
DELETE FROM regional_orgs WHERE source = 'reference';
INSERT INTO regional_orgs BY NAME
SELECT r.*, 'reference' AS source
FROM _rows AS r
ANTI JOIN regional_orgs AS o USING (org_code)
