-- Core warehouse: reference geography, incidents, import provenance, indicators,
-- Framework of Analysis risk factors and assessments, training activity.

CREATE SEQUENCE IF NOT EXISTS batch_id_seq START 1;

CREATE TABLE IF NOT EXISTS countries (
    iso3          VARCHAR PRIMARY KEY,
    iso_n3        VARCHAR,
    name          VARCHAR NOT NULL,
    un_region     VARCHAR,
    un_subregion  VARCHAR
);

CREATE TABLE IF NOT EXISTS admin1 (
    admin1_code     VARCHAR PRIMARY KEY,
    iso3            VARCHAR NOT NULL,
    name            VARCHAR NOT NULL,
    iso_3166_2      VARCHAR,
    hasc            VARCHAR,
    boundary_source VARCHAR NOT NULL    -- 'natural_earth' or the user's file name
);

CREATE TABLE IF NOT EXISTS incident_categories (
    category     VARCHAR PRIMARY KEY,
    label        VARCHAR NOT NULL,
    description  VARCHAR NOT NULL
);

-- Every import (and every demo build) is one batch.
CREATE TABLE IF NOT EXISTS import_batches (
    batch_id        INTEGER PRIMARY KEY DEFAULT nextval('batch_id_seq'),
    format          VARCHAR NOT NULL,        -- ucdp, acled, incidents, hxl, indicators, demo
    file_name       VARCHAR,
    file_sha256     VARCHAR,
    started_at      TIMESTAMP NOT NULL,      -- UTC
    finished_at     TIMESTAMP,
    rows_read       BIGINT NOT NULL DEFAULT 0,
    rows_loaded     BIGINT NOT NULL DEFAULT 0,
    rows_updated    BIGINT NOT NULL DEFAULT 0,
    rows_unchanged  BIGINT NOT NULL DEFAULT 0,
    rows_rejected   BIGINT NOT NULL DEFAULT 0,
    notes           VARCHAR[] NOT NULL DEFAULT []
);

-- A row that was read but not loaded, with why. row_number counts CSV records with the
-- header as record 1 (what a spreadsheet shows); raw is the record as a JSON object.
CREATE TABLE IF NOT EXISTS rejected_rows (
    batch_id    INTEGER NOT NULL,
    row_number  BIGINT NOT NULL,
    raw         VARCHAR NOT NULL,
    reasons     VARCHAR[] NOT NULL
);

CREATE TABLE IF NOT EXISTS incidents (
    incident_id          VARCHAR PRIMARY KEY,   -- '<source>:<source_id>', stable across re-imports
    source               VARCHAR NOT NULL,      -- ucdp, acled, hxl, demo, or a native CSV's source
    source_id            VARCHAR NOT NULL,
    event_date           DATE NOT NULL,
    event_date_end       DATE,
    date_precision       TINYINT,               -- UCDP date_prec 1 (day) .. 5 (year)
    iso3                 VARCHAR,               -- the source's own country when it gives one
    geo_iso3             VARCHAR,               -- the country the coordinates fall in
    geo_check            VARCHAR,               -- ok | offshore | disagrees | unlocated
    admin1_code          VARCHAR,
    admin1_name          VARCHAR,
    location             VARCHAR,
    lat                  DOUBLE NOT NULL,
    lon                  DOUBLE NOT NULL,
    geo_precision        TINYINT,               -- UCDP where_prec 1 exact .. 4 admin-1 .. 6 country .. 7 sea
    priogrid_gid         INTEGER NOT NULL,
    category             VARCHAR NOT NULL,
    source_type          VARCHAR,
    source_sub_type      VARCHAR,
    perpetrator          VARCHAR,
    target               VARCHAR,
    fatalities           INTEGER,
    civilian_fatalities  INTEGER,
    description          VARCHAR,
    sensitivity          VARCHAR NOT NULL DEFAULT 'public',
    batch_id             INTEGER NOT NULL,
    CHECK (sensitivity IN ('public', 'restricted')),
    CHECK (lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180),
    CHECK (fatalities IS NULL OR fatalities >= 0),
    CHECK (civilian_fatalities IS NULL OR civilian_fatalities >= 0)
);

CREATE TABLE IF NOT EXISTS risk_factors (
    factor   TINYINT PRIMARY KEY,              -- 1..14, UN Framework of Analysis (2014)
    name     VARCHAR NOT NULL,
    crimes   VARCHAR NOT NULL                  -- all | genocide | crimes against humanity | war crimes
);

CREATE TABLE IF NOT EXISTS indicator_catalog (
    indicator_code  VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,
    unit            VARCHAR NOT NULL,
    risk_factor     TINYINT,                   -- 1..14, NULL when not mapped
    direction       VARCHAR NOT NULL,          -- higher_is_riskier | lower_is_riskier
    lower_bound     DOUBLE NOT NULL,
    upper_bound     DOUBLE NOT NULL,
    source          VARCHAR NOT NULL,
    CHECK (direction IN ('higher_is_riskier', 'lower_is_riskier')),
    CHECK (lower_bound < upper_bound)
);

CREATE TABLE IF NOT EXISTS indicators (
    iso3            VARCHAR NOT NULL,
    admin1_code     VARCHAR,
    indicator_code  VARCHAR NOT NULL,
    period          DATE NOT NULL,             -- a year is stored as its 1 January
    value           DOUBLE NOT NULL,
    source          VARCHAR NOT NULL,
    batch_id        INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS risk_assessments (
    iso3         VARCHAR NOT NULL,
    factor       TINYINT NOT NULL,
    judgement    VARCHAR NOT NULL,
    evidence     VARCHAR,
    assessed_on  DATE NOT NULL,
    analyst      VARCHAR NOT NULL,
    CHECK (judgement IN ('present', 'absent', 'unknown'))
);

CREATE TABLE IF NOT EXISTS trainings (
    training_id          VARCHAR PRIMARY KEY,
    start_date           DATE NOT NULL,
    end_date             DATE,
    title                VARCHAR NOT NULL,
    host_iso3            VARCHAR,
    venue                VARCHAR,
    lat                  DOUBLE,
    lon                  DOUBLE,
    audience             VARCHAR NOT NULL,     -- member_state | regional_org | civil_society | un_system
    organisation         VARCHAR,
    topic                VARCHAR,
    participants         INTEGER,
    participants_women   INTEGER,
    delivered_by         VARCHAR,
    partner              VARCHAR,
    source               VARCHAR NOT NULL,
    batch_id             INTEGER NOT NULL,
    CHECK (audience IN ('member_state', 'regional_org', 'civil_society', 'un_system'))
);
