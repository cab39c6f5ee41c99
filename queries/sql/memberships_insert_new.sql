INSERT INTO org_memberships (org_code, iso3, joined_on, left_on, suspended_from, suspended_to,
                             date_precision, source_url, as_of, source, batch_id)
SELECT s.org_code, s.iso3, s.joined_on, s.left_on, s.suspended_from, s.suspended_to,
       s.date_precision, s.source_url, s.as_of, s.source, $batch_id
FROM stage_memberships AS s
JOIN stage_memberships_status AS st USING (row_number)
WHERE st.status = 'new'
ORDER BY s.row_number
