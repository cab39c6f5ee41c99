-- The audit log's one table, in a sidecar file next to the warehouse (the app holds the
-- warehouse read-only, so it cannot write there). One row per event: an export, and
-- later sign-ins, imports and edits.
CREATE TABLE IF NOT EXISTS audit_events (
    "at"         TIMESTAMP NOT NULL,   -- UTC, passed from Python
    actor        VARCHAR,              -- who, once access control lands; NULL = not known
    action       VARCHAR NOT NULL,     -- e.g. export.snapshot, export.briefing
    detail       JSON NOT NULL,        -- what: filters, format, size, file name ...
    remote_addr  VARCHAR               -- the client's address; NULL from the command line
)
