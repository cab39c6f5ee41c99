-- Every acknowledgement, the latest first.
SELECT alert_id, username, note, "at" FROM alert_acks ORDER BY "at" DESC
