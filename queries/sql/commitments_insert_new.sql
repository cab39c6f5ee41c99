INSERT INTO commitments (iso3, commitment, status, since, until, source_url, as_of, source,
                         batch_id)
SELECT s.iso3, s.commitment, s.status, s.since, s.until, s.source_url, s.as_of, s.source,
       $batch_id
FROM stage_commitments AS s
JOIN stage_commitments_status AS st USING (row_number)
WHERE st.status = 'new'
ORDER BY s.row_number
