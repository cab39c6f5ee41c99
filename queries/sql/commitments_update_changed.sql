UPDATE commitments AS c
SET status = s.status, since = s.since, until = s.until, source_url = s.source_url,
    as_of = s.as_of, source = s.source, batch_id = $batch_id
FROM stage_commitments AS s
JOIN stage_commitments_status AS st USING (row_number)
WHERE st.status = 'changed' AND c.iso3 = s.iso3 AND c.commitment = s.commitment
