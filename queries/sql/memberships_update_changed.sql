UPDATE org_memberships AS m
SET left_on = s.left_on, suspended_to = s.suspended_to, date_precision = s.date_precision,
    source_url = s.source_url,
    as_of = s.as_of, source = s.source, batch_id = $batch_id
FROM stage_memberships AS s
JOIN stage_memberships_status AS st USING (row_number)
WHERE st.status = 'changed'
  AND m.org_code = s.org_code AND m.iso3 = s.iso3
  AND m.joined_on IS NOT DISTINCT FROM s.joined_on
  AND m.suspended_from IS NOT DISTINCT FROM s.suspended_from
