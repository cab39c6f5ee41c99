DELETE FROM users WHERE username = $username RETURNING username
