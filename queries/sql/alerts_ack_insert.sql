INSERT INTO alert_acks VALUES ($alert_id, $username, $note, $now)
