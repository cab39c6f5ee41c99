-- The latest change-detection run; and the latest whose data ends by $week_before among
-- those since $kept_since (older runs' states are pruned: nothing to compare with).
SELECT (SELECT max(run_at) FROM alert_runs) AS previous_run,
       (SELECT max_batch_id FROM alert_runs ORDER BY run_at DESC LIMIT 1) AS max_batch,
       (SELECT max(run_at) FROM alert_runs
        WHERE data_as_of <= $week_before AND run_at >= $kept_since) AS week_run
