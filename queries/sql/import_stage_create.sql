-- A staging table shaped like incidents, plus each row's record number in the file.
-- Spelled out rather than CREATE ... AS SELECT ... LIMIT 0: in DuckDB 2.0, a table made
-- that way inside a transaction loses the rows of a first INSERT of 122,880 rows or more
-- from Arrow (scans see none, count(*) sees them all).
CREATE OR REPLACE TEMP TABLE stage_incidents (
    incident_id          VARCHAR,
    source               VARCHAR,
    source_id            VARCHAR,
    event_date           DATE,
    event_date_end       DATE,
    date_precision       TINYINT,
    iso3                 VARCHAR,
    geo_iso3             VARCHAR,
    geo_check            VARCHAR,
    admin1_code          VARCHAR,
    admin1_name          VARCHAR,
    location             VARCHAR,
    lat                  DOUBLE,
    lon                  DOUBLE,
    geo_precision        TINYINT,
    priogrid_gid         INTEGER,
    category             VARCHAR,
    source_type          VARCHAR,
    source_sub_type      VARCHAR,
    perpetrator          VARCHAR,
    target               VARCHAR,
    fatalities           INTEGER,
    civilian_fatalities  INTEGER,
    description          VARCHAR,
    sensitivity          VARCHAR,
    batch_id             INTEGER,
    row_number           BIGINT
)
