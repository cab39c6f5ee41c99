-- The country forecast (queries/forecast): the risk that a new mass killing begins in a
-- country within 1 and 2 years, from the shipped model and inputs. Reference data, loaded
-- by queries.forecast.store.load_forecast when this migration runs (every warehouse has it).

CREATE TABLE IF NOT EXISTS country_forecast (
    iso3               VARCHAR PRIMARY KEY,
    data_year          INTEGER NOT NULL,     -- the predictors' year; forecasts data_year + 1..2
    risk_1y            DOUBLE NOT NULL,      -- probability of an onset in data_year + 1
    risk_2y            DOUBLE NOT NULL,      -- ... in data_year + 1 or + 2
    rank               INTEGER NOT NULL,     -- by risk_1y, 1 = highest
    countries_ranked   INTEGER NOT NULL,
    previous_risk_1y   DOUBLE,               -- the forecast made a year before (backtest)
    previous_rank      INTEGER,
    drivers            VARCHAR               -- the largest contributions raising the risk
);

-- The largest contributions (log-odds, either sign) to each country's 1-year risk.
CREATE TABLE IF NOT EXISTS country_forecast_drivers (
    iso3          VARCHAR NOT NULL,
    position      INTEGER NOT NULL,          -- 1 = largest in size
    feature       VARCHAR NOT NULL,
    label         VARCHAR NOT NULL,
    value         DOUBLE,
    contribution  DOUBLE NOT NULL,
    PRIMARY KEY (iso3, position)
);

-- The rolling-origin backtest: the forecast for each year made with the data of the year
-- before only, and whether a new mass killing began that year.
CREATE TABLE IF NOT EXISTS country_forecast_history (
    year    INTEGER NOT NULL,
    iso3    VARCHAR NOT NULL,
    risk    DOUBLE NOT NULL,
    rank    INTEGER NOT NULL,
    onset   BOOLEAN NOT NULL,
    PRIMARY KEY (year, iso3)
);

-- What the forecast predicts and how well it did out of sample (one row).
CREATE TABLE IF NOT EXISTS country_forecast_method (
    predicts             VARCHAR NOT NULL,
    model                VARCHAR NOT NULL,
    data_through         INTEGER NOT NULL,
    backtest_years       VARCHAR NOT NULL,
    auc                  DOUBLE NOT NULL,
    top10_share          DOUBLE NOT NULL,
    top20_share          DOUBLE NOT NULL,
    top30_share          DOUBLE NOT NULL,
    onsets               INTEGER NOT NULL,
    country_years        INTEGER NOT NULL,
    anchor_auc           DOUBLE NOT NULL,
    anchor_top30_share   DOUBLE NOT NULL
);
