DELETE FROM stage_assessments
WHERE row_number IN (
    SELECT row_number FROM (
        SELECT row_number,
               min(row_number) OVER (PARTITION BY iso3, factor, assessed_on, analyst)
                   AS first_row
        FROM stage_assessments
    ) WHERE row_number > first_row
)
