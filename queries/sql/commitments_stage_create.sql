-- The file's commitments, each with its record number (spelled out: see
-- indicators_stage_create.sql).
CREATE OR REPLACE TEMP TABLE stage_commitments (
    iso3        VARCHAR,
    commitment  VARCHAR,
    status      VARCHAR,
    since       DATE,
    until       DATE,
    source_url  VARCHAR,
    as_of       DATE,
    source      VARCHAR,
    row_number  BIGINT
)
