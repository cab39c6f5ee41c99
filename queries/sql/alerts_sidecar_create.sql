-- The people's side of alerts, in the sidecar file next to the warehouse (the running app
-- writes it: acknowledgements, rules, feed tokens; the command line: addresses, digests).
CREATE TABLE IF NOT EXISTS alert_contacts (
    username    VARCHAR PRIMARY KEY,
    email       VARCHAR NOT NULL,
    updated_at  TIMESTAMP NOT NULL        -- UTC
);
-- One rule per scope: '*office*' (the defaults, set by admins) or a user name. A user's
-- non-NULL fields replace the office's: a user narrows or widens what they receive.
CREATE TABLE IF NOT EXISTS alert_rules (
    scope         VARCHAR PRIMARY KEY,
    kinds         VARCHAR[],              -- NULL: every kind
    countries     VARCHAR[],              -- places: any of countries, regions, an org's members
    regions       VARCHAR[],
    org_code      VARCHAR,
    min_severity  VARCHAR,                -- high | medium | low
    frequency     VARCHAR,                -- daily | weekly | off (high severity: at once)
    updated_by    VARCHAR,
    updated_at    TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_acks (
    alert_id  INTEGER NOT NULL,
    username  VARCHAR NOT NULL,
    note      VARCHAR NOT NULL,
    "at"      TIMESTAMP NOT NULL          -- UTC
);
-- Feed tokens: only their SHA-256 is kept; revoked_at set = refused.
CREATE TABLE IF NOT EXISTS feed_tokens (
    token_hash  VARCHAR PRIMARY KEY,
    username    VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    revoked_at  TIMESTAMP
);
-- Digests sent: at most one per person and period ('daily:2026-11-26', 'weekly:2026-W48',
-- 'immediate:<first alert id>'); which alerts reached whom.
CREATE TABLE IF NOT EXISTS alert_digests (
    username    VARCHAR NOT NULL,
    period      VARCHAR NOT NULL,
    sent_at     TIMESTAMP NOT NULL,
    recipient   VARCHAR NOT NULL,
    subject     VARCHAR NOT NULL,
    PRIMARY KEY (username, period)
);
CREATE TABLE IF NOT EXISTS alert_deliveries (
    username  VARCHAR NOT NULL,
    alert_id  INTEGER NOT NULL,
    period    VARCHAR NOT NULL,
    PRIMARY KEY (username, alert_id)
);
