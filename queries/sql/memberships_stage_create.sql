-- The file's memberships, each with its record number (spelled out: see
-- indicators_stage_create.sql).
CREATE OR REPLACE TEMP TABLE stage_memberships (
    org_code        VARCHAR,
    iso3            VARCHAR,
    joined_on       DATE,
    left_on         DATE,
    suspended_from  DATE,
    suspended_to    DATE,
    date_precision  VARCHAR,
    source_url      VARCHAR,
    as_of           DATE,
    source          VARCHAR,
    row_number      BIGINT
)
