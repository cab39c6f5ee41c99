-- Alerts (queries.alerts): change detection after every analytics refresh. The per-person
-- side (rules, acknowledgements, feed tokens, e-mail addresses, what was delivered) is
-- written by the running app and lives in the sidecar file (queries/sql/alerts_sidecar_create.sql).

CREATE SEQUENCE IF NOT EXISTS alert_id_seq START 1;

-- One row per change worth telling someone about; never updated, never alerted twice
-- (change_key, see queries/alerts/detect.py).
CREATE TABLE IF NOT EXISTS alerts (
    alert_id     INTEGER PRIMARY KEY DEFAULT nextval('alert_id_seq'),
    kind         VARCHAR NOT NULL,    -- escalation | fatalities | quiet_ended | restricted_report
                                      -- | hotspot | forecast_rank | forecast_cells
    iso3         VARCHAR NOT NULL,
    admin1_code  VARCHAR,             -- NULL for a country-wide alert
    severity     VARCHAR NOT NULL,    -- high | medium | low
    headline     VARCHAR NOT NULL,    -- one sentence with its figures
    evidence     JSON NOT NULL,       -- figures, the incidents behind them, the link's filter
    restricted   BOOLEAN NOT NULL,    -- true: only roles that may see restricted detail
    basis        VARCHAR NOT NULL,    -- previous refresh | 7 days earlier | new incidents
    change_key   VARCHAR NOT NULL,    -- what changed, to alert it once
    created_at   TIMESTAMP NOT NULL,  -- UTC
    data_as_of   DATE NOT NULL,       -- the latest incident date the refresh saw
    CHECK (severity IN ('high', 'medium', 'low'))
);

-- Every refresh's change detection: the comparison points for the next ones.
CREATE TABLE IF NOT EXISTS alert_runs (
    run_at        TIMESTAMP NOT NULL,  -- UTC
    data_as_of    DATE NOT NULL,
    max_batch_id  INTEGER,             -- incidents of later batches are new to the next run
    alerts        INTEGER NOT NULL,
    seconds       DOUBLE NOT NULL
);

-- What each run saw, as levels per subject (0 = nothing to report, absent): an escalation
-- class, a hot cell, a forecast rank, a country's week of civilian deaths, the last
-- incident date of a place. A change is a level that rose since a comparison run.
CREATE TABLE IF NOT EXISTS alert_states (
    run_at       TIMESTAMP NOT NULL,
    kind         VARCHAR NOT NULL,
    subject      VARCHAR NOT NULL,    -- e.g. 'CAF', 'CAF|CF.OP', a grid cell 'gid:136117'
    iso3         VARCHAR NOT NULL,
    admin1_code  VARCHAR,
    level        INTEGER NOT NULL,
    value        DOUBLE               -- the figure behind the level (events, rank, deaths ...)
);
