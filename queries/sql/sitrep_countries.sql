-- The countries of a situation report, ranked as on the watchlist (the country forecast,
-- highest risk first; countries without one last): those of a UN region or subregion ($region, '' for all), members
-- of an organisation on $on_date ($org, '' for any), at most $top.
SELECT c.iso3, c.name
FROM countries AS c
LEFT JOIN country_forecast AS r USING (iso3)
WHERE ($region = '' OR lower(c.un_region) = lower($region)
       OR lower(c.un_subregion) = lower($region))
  AND ($org = '' OR c.iso3 IN (SELECT iso3 FROM @memberships_on
                               WHERE upper(org_code) = upper($org)))
ORDER BY r.risk_1y DESC NULLS LAST, c.iso3
LIMIT $top
