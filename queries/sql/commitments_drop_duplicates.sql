DELETE FROM stage_commitments
WHERE row_number IN (
    SELECT row_number FROM (
        SELECT row_number, min(row_number) OVER (PARTITION BY iso3, commitment) AS first_row
        FROM stage_commitments
    ) WHERE row_number > first_row
)
