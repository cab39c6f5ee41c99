UPDATE users SET role = $role, updated_at = $now WHERE username = $username
RETURNING username
