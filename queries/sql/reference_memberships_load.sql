-- The shipped memberships (from the Arrow table _rows), replacing earlier reference rows;
-- a membership a user imported or corrected (same key) is left alone.
DELETE FROM org_memberships WHERE source = 'reference';
INSERT INTO org_memberships BY NAME
SELECT r.*, 'reference' AS source, NULL::INTEGER AS batch_id
FROM _rows AS r
ANTI JOIN org_memberships AS m
    ON m.org_code = r.org_code AND m.iso3 = r.iso3
   AND m.joined_on IS NOT DISTINCT FROM r.joined_on
   AND m.suspended_from IS NOT DISTINCT FROM r.suspended_from
