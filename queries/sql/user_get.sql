SELECT username, role, password_hash, created_at, updated_at FROM users
WHERE username = $username
