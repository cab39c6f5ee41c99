-- The members of one regional organisation today.
SELECT iso3 FROM @memberships_on AS m WHERE org_code = $org_code AND NOT suspended
