UPDATE feed_tokens SET revoked_at = $now
WHERE username = $username AND revoked_at IS NULL
RETURNING username
