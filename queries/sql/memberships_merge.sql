-- The staged memberships into org_memberships, one row per (org_code, iso3, joined_on,
-- suspended_from; NULLs equal): a new key is inserted; a stored row that differs in any
-- other column is updated; an equal one is left alone. Returns the action per key.
MERGE INTO org_memberships AS m
USING (FROM stage_memberships ORDER BY row_number) AS s
ON m.org_code = s.org_code AND m.iso3 = s.iso3
   AND m.joined_on IS NOT DISTINCT FROM s.joined_on
   AND m.suspended_from IS NOT DISTINCT FROM s.suspended_from
WHEN MATCHED AND (m.left_on, m.suspended_to, m.date_precision, m.source_url, m.as_of,
                  m.source)
                 IS DISTINCT FROM
                 (s.left_on, s.suspended_to, s.date_precision, s.source_url, s.as_of,
                  s.source)
    THEN UPDATE SET left_on = s.left_on, suspended_to = s.suspended_to,
                    date_precision = s.date_precision, source_url = s.source_url,
                    as_of = s.as_of, source = s.source, batch_id = $batch_id
WHEN NOT MATCHED THEN
    INSERT (org_code, iso3, joined_on, left_on, suspended_from, suspended_to, date_precision,
            source_url, as_of, source, batch_id)
    VALUES (s.org_code, s.iso3, s.joined_on, s.left_on, s.suspended_from, s.suspended_to,
            s.date_precision, s.source_url, s.as_of, s.source, $batch_id)
RETURNING merge_action, org_code, iso3, joined_on, suspended_from
