-- Keep the states of the runs of the last $keep_days and of the latest run.
DELETE FROM alert_states
WHERE run_at < $cutoff AND run_at <> (SELECT max(run_at) FROM alert_runs)
