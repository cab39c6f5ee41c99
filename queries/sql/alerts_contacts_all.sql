SELECT username, email FROM alert_contacts ORDER BY username
