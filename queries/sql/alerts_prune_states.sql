-- Keep the states that later runs compare with: the latest run's, and of the runs since
-- $cutoff the last of each data day (the week-earlier comparison picks one of those).
DELETE FROM alert_states
WHERE run_at NOT IN (
    SELECT max(run_at) FROM alert_runs WHERE run_at >= $cutoff GROUP BY data_as_of
    UNION ALL
    SELECT max(run_at) FROM alert_runs
)
