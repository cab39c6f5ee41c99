-- Secrets of this warehouse, made when the schema is applied (queries/db.py adds a random
-- 'restricted_id_salt'): viewers see a restricted incident under an opaque id, a keyed
-- hash of its incident_id that is stable across requests and re-imports but does not
-- reveal the source's own case number (filtered_incidents.sql).
CREATE TABLE warehouse_secrets (
    name   VARCHAR PRIMARY KEY,
    value  VARCHAR NOT NULL
);
