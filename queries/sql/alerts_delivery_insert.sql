INSERT OR IGNORE INTO alert_deliveries VALUES ($username, $alert_id, $period)
