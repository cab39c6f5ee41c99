INSERT INTO alert_runs VALUES ($run_at, $data_as_of, $max_batch, $alerts, $seconds)
