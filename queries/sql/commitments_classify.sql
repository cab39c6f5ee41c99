-- new: no row for (iso3, commitment) yet; same: every column equals the stored row;
-- changed: otherwise (a user's row replaces the reference row it corrects).
CREATE OR REPLACE TEMP TABLE stage_commitments_status AS
SELECT s.row_number,
       CASE
           WHEN c.iso3 IS NULL THEN 'new'
           WHEN c.status = s.status AND c.since IS NOT DISTINCT FROM s.since
                AND c.until IS NOT DISTINCT FROM s.until
                AND c.source_url IS NOT DISTINCT FROM s.source_url
                AND c.as_of IS NOT DISTINCT FROM s.as_of AND c.source = s.source THEN 'same'
           ELSE 'changed'
       END AS status
FROM stage_commitments AS s
LEFT JOIN commitments AS c USING (iso3, commitment)
