-- A country's memberships on $on_date with each organisation's mechanism, and the
-- memberships it had left by then.
SELECT m.org_code, o.name, m.suspended, m.joined_on, m.suspended_since, NULL::DATE AS left_on,
       o.early_warning, o.early_warning_since
FROM @memberships_on AS m
JOIN regional_orgs AS o USING (org_code)
WHERE m.iso3 = $iso3
UNION ALL
SELECT l.org_code, o.name, false, l.joined_on, NULL, l.left_on, NULL, NULL
FROM org_memberships AS l
JOIN regional_orgs AS o USING (org_code)
WHERE l.iso3 = $iso3 AND l.left_on <= $on_date
  AND NOT EXISTS (SELECT 1 FROM @memberships_on AS m WHERE m.iso3 = $iso3
                  AND m.org_code = l.org_code)
ORDER BY left_on NULLS FIRST, org_code
