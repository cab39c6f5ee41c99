-- The regional organisations with their mechanisms, how many countries have a membership
-- recorded, and how many of those are dated only to the year.
SELECT o.org_code, o.name, o.kind, o.headquarters, o.founded_on, o.early_warning,
       o.early_warning_since, o.source_url, o.as_of, o.source,
       (SELECT count(DISTINCT m.iso3) FROM org_memberships AS m
        WHERE m.org_code = o.org_code) AS memberships_recorded,
       (SELECT count(DISTINCT m.iso3) FROM org_memberships AS m
        WHERE m.org_code = o.org_code AND m.date_precision = 'year') AS year_only_recorded
FROM regional_orgs AS o
ORDER BY o.org_code
