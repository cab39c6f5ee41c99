-- The people who may sign in, in the sidecar file next to the warehouse (with the audit
-- log), so the running server and the command line can both reach them. password_hash is
-- scrypt$N$r$p$salt$hash (base64), see queries/users.py.
CREATE TABLE IF NOT EXISTS users (
    username       VARCHAR PRIMARY KEY,
    role           VARCHAR NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    password_hash  VARCHAR NOT NULL,
    created_at     TIMESTAMP NOT NULL,   -- UTC
    updated_at     TIMESTAMP NOT NULL    -- UTC, the last role or password change
)
