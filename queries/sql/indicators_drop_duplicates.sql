DELETE FROM stage_indicators
WHERE row_number IN (
    SELECT row_number FROM (
        SELECT row_number,
               min(row_number) OVER (PARTITION BY iso3, admin1_code, indicator_code, period,
                                                  source) AS first_row
        FROM stage_indicators
    ) WHERE row_number > first_row
)
