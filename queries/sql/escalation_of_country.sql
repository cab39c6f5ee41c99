-- One country's escalation row and its admin-1 rows, with region names.
SELECT e.*, coalesce(a.name, e.admin1_code) AS admin1_name
FROM escalation AS e
LEFT JOIN admin1 AS a ON a.admin1_code = e.admin1_code
WHERE e.iso3 = $iso3
ORDER BY e.level DESC, e.events_latest DESC, e.admin1_code
