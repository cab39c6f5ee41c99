SELECT username FROM feed_tokens WHERE token_hash = $token_hash AND revoked_at IS NULL
