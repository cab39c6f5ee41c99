INSERT INTO alert_digests VALUES ($username, $period, $now, $recipient, $subject)
