-- A later record with a key (org_code, iso3, joined_on, suspended_from) already read from
-- the same file is rejected, naming the first.
INSERT INTO rejected_rows
SELECT $batch_id, s.row_number, to_json(s)::VARCHAR,
       ['org_code: expected one row per org_code, iso3, joined_on and suspended_from, got '
        || 'another for ' || s.org_code || ', ' || s.iso3 || ', '
        || coalesce(s.joined_on::VARCHAR, '(no joined_on)') || ', '
        || coalesce(s.suspended_from::VARCHAR, '(no suspended_from)')
        || ' (first at row ' || s.first_row || ')']
FROM (
    SELECT *,
           min(row_number) OVER (PARTITION BY org_code, iso3, joined_on, suspended_from)
               AS first_row
    FROM stage_memberships
) AS s
WHERE s.row_number > s.first_row
