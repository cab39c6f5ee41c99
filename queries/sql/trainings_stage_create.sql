-- The file's trainings, each with its record number (spelled out: see
-- indicators_stage_create.sql).
CREATE OR REPLACE TEMP TABLE stage_trainings (
    training_id          VARCHAR,
    start_date           DATE,
    end_date             DATE,
    title                VARCHAR,
    host_iso3            VARCHAR,
    venue                VARCHAR,
    lat                  DOUBLE,
    lon                  DOUBLE,
    audience             VARCHAR,
    organisation         VARCHAR,
    topic                VARCHAR,
    participants         INTEGER,
    participants_women   INTEGER,
    delivered_by         VARCHAR,
    partner              VARCHAR,
    source               VARCHAR,
    row_number           BIGINT
)
