-- How many rows of each capacity table came from the shipped reference files.
SELECT (SELECT count(*) FROM regional_orgs WHERE source = $source)   AS regional_orgs,
       (SELECT count(*) FROM org_memberships WHERE source = $source) AS org_memberships,
       (SELECT count(*) FROM commitments WHERE source = $source)     AS commitments
