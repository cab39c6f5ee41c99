-- The cell forecast (queries.analytics.cell_forecast), recomputed after every write: the
-- probability of violence against civilians in each study cell in the 3 months after the
-- month of the latest incident, and how well the same model did on this warehouse.

CREATE TABLE IF NOT EXISTS cell_forecast (
    gid            INTEGER NOT NULL,
    iso3           VARCHAR NOT NULL,
    lat            DOUBLE NOT NULL,            -- cell centre
    lon            DOUBLE NOT NULL,
    probability    DOUBLE NOT NULL,            -- 0..1
    events_12m     INTEGER NOT NULL,           -- incidents in the cell, last 12 months
    civilian_12m   INTEGER NOT NULL,           -- of them violence against civilians
    forecast_from  DATE NOT NULL,              -- the 3 months forecast: first day
    forecast_to    DATE NOT NULL               -- and last day
);

-- One row per refresh that could fit the model: its backtest on the warehouse's own
-- recent past (a model fitted on what was known two years before the latest known
-- outcome, scored on the origins of those two years; queries.analytics.backtest).
CREATE TABLE IF NOT EXISTS cell_forecast_runs (
    forecast_from     DATE NOT NULL,
    forecast_to       DATE NOT NULL,
    training_pairs    INTEGER NOT NULL,
    backtest_auc      DOUBLE,                  -- NULL when undefined (too little history)
    backtest_from     DATE,                    -- the origins scored: first month
    backtest_to       DATE,                    -- and last month
    backtest_pairs    INTEGER NOT NULL,
    model             VARCHAR NOT NULL
);
