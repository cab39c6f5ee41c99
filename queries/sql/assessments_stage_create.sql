-- The file's assessments, each with its record number in the file (spelled out: see
-- indicators_stage_create.sql).
CREATE OR REPLACE TEMP TABLE stage_assessments (
    iso3         VARCHAR,
    factor       TINYINT,
    judgement    VARCHAR,
    evidence     VARCHAR,
    assessed_on  DATE,
    analyst      VARCHAR,
    source       VARCHAR,
    row_number   BIGINT
)
