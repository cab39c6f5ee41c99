-- A country's memberships on $on_date with each organisation's mechanism.
SELECT m.org_code, o.name, m.suspended, o.early_warning, o.early_warning_since
FROM @memberships_on AS m
JOIN regional_orgs AS o USING (org_code)
WHERE m.iso3 = $iso3
ORDER BY m.org_code
