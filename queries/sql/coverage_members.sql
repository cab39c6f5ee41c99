-- Every country that is a member of one of the chosen organisations ($orgs, a list) on
-- $on_date: which of them, where it is suspended, which of those memberships are dated
-- only to the year, and the early-warning mechanisms (of any organisation) that cover it.
WITH chosen AS (
    SELECT iso3, list(org_code ORDER BY org_code) AS orgs,
           list(org_code ORDER BY org_code) FILTER (WHERE suspended) AS suspended_in,
           list(org_code ORDER BY org_code) FILTER (WHERE year_only) AS year_only_in
    FROM @memberships_on
    WHERE list_contains($orgs, org_code)
    GROUP BY iso3
), covering AS (
    SELECT iso3, list(org_code || ': ' || early_warning ORDER BY org_code) AS mechanisms
    FROM @mechanisms_on
    GROUP BY iso3
)
SELECT ch.iso3, coalesce(c.name, ch.iso3) AS name, ch.orgs, len(ch.orgs) AS n_orgs,
       coalesce(ch.suspended_in, []) AS suspended_in,
       coalesce(ch.year_only_in, []) AS year_only_in,
       coalesce(cv.mechanisms, []) AS mechanisms
FROM chosen AS ch
LEFT JOIN covering AS cv USING (iso3)
LEFT JOIN countries AS c USING (iso3)
ORDER BY name
