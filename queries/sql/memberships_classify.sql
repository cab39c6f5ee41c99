-- new: no membership with the key (org_code, iso3, joined_on, suspended_from; NULLs
-- equal) yet; same: every other column equals the stored row; changed: otherwise.
CREATE OR REPLACE TEMP TABLE stage_memberships_status AS
SELECT s.row_number,
       CASE
           WHEN m.iso3 IS NULL THEN 'new'
           WHEN m.left_on IS NOT DISTINCT FROM s.left_on
                AND m.suspended_to IS NOT DISTINCT FROM s.suspended_to
                AND m.date_precision = s.date_precision
                AND m.source_url IS NOT DISTINCT FROM s.source_url
                AND m.as_of IS NOT DISTINCT FROM s.as_of
                AND m.source = s.source THEN 'same'
           ELSE 'changed'
       END AS status
FROM stage_memberships AS s
LEFT JOIN org_memberships AS m
    ON m.org_code = s.org_code AND m.iso3 = s.iso3
   AND m.joined_on IS NOT DISTINCT FROM s.joined_on
   AND m.suspended_from IS NOT DISTINCT FROM s.suspended_from
