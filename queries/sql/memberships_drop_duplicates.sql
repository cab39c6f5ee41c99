DELETE FROM stage_memberships
WHERE row_number IN (
    SELECT row_number FROM (
        SELECT row_number,
               min(row_number) OVER (PARTITION BY org_code, iso3, joined_on, suspended_from)
                   AS first_row
        FROM stage_memberships
    ) WHERE row_number > first_row
)
