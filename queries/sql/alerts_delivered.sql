-- The alerts that reached a person.
SELECT alert_id FROM alert_deliveries WHERE username = $username
