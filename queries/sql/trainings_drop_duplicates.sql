DELETE FROM stage_trainings
WHERE row_number IN (
    SELECT row_number FROM (
        SELECT row_number, min(row_number) OVER (PARTITION BY training_id) AS first_row
        FROM stage_trainings
    ) WHERE row_number > first_row
)
