-- The staged commitments into commitments, one row per (iso3, commitment): a new key is
-- inserted; a stored row that differs in any column is replaced (a user's row replaces
-- the reference row it corrects); an equal one is left alone. Returns the action per key.
MERGE INTO commitments AS c
USING (FROM stage_commitments ORDER BY row_number) AS s
ON c.iso3 = s.iso3 AND c.commitment = s.commitment
WHEN MATCHED AND (c.status, c.since, c.until, c.source_url, c.as_of, c.source)
                 IS DISTINCT FROM (s.status, s.since, s.until, s.source_url, s.as_of, s.source)
    THEN UPDATE SET status = s.status, since = s.since, until = s.until,
                    source_url = s.source_url, as_of = s.as_of, source = s.source,
                    batch_id = $batch_id
WHEN NOT MATCHED THEN
    INSERT (iso3, commitment, status, since, until, source_url, as_of, source, batch_id)
    VALUES (s.iso3, s.commitment, s.status, s.since, s.until, s.source_url, s.as_of,
            s.source, $batch_id)
RETURNING merge_action, iso3, commitment
