-- The last incident day of every place: the previous run's, moved on by new reports.
SELECT 'last_event' AS kind, subject, any_value(iso3) AS iso3,
       any_value(admin1_code) AS admin1_code, 0 AS level, max(value) AS value
FROM (
    SELECT subject, iso3, admin1_code, value FROM alert_states
    WHERE run_at = $previous AND kind = 'last_event'
    UNION ALL
    SELECT subject, iso3, admin1_code, last_day FROM _new_places
)
GROUP BY subject
