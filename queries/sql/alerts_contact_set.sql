INSERT OR REPLACE INTO alert_contacts VALUES ($username, $email, $now)
