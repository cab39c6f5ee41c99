DELETE FROM stage_incidents
WHERE row_number IN (
    SELECT row_number FROM (
        SELECT row_number, min(row_number) OVER (PARTITION BY incident_id) AS first_row
        FROM stage_incidents
    ) WHERE row_number > first_row
)
