-- The periods of the digests a person was sent.
SELECT period FROM alert_digests WHERE username = $username
