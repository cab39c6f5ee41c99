INSERT INTO feed_tokens VALUES ($token_hash, $username, $now, NULL)
