-- Alerts, newest first: those with data from $since on; restricted ones only when
-- $include_restricted.
SELECT a.alert_id, a.kind, a.iso3, coalesce(c.name, a.iso3) AS country, a.admin1_code,
       r.name AS admin1_name, a.severity, a.headline, a.evidence, a.restricted, a.basis,
       a.created_at, a.data_as_of
FROM alerts AS a
LEFT JOIN countries AS c USING (iso3)
LEFT JOIN admin1 AS r ON r.admin1_code = a.admin1_code
WHERE a.data_as_of >= $since AND ($include_restricted OR NOT a.restricted)
ORDER BY a.created_at DESC, a.alert_id DESC
LIMIT $limit
