-- Who is a member of which organisation on $on_date (for tests and the briefing pack).
SELECT org_code, iso3, suspended
FROM @memberships_on
WHERE ($iso3 = '' OR iso3 = $iso3)
ORDER BY org_code, iso3
