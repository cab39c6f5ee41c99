INSERT INTO users VALUES ($username, $role, $password_hash, $now, $now)
