-- The country forecast of one country, latest forecast year, with its rank among the
-- countries forecast that year. Assumed columns of country_forecast (migration 007):
-- iso3, forecast_year, risk (0..1), drivers, backtest_auc; adjust here when it lands.
WITH latest AS (
    SELECT *,
           rank() OVER (PARTITION BY forecast_year ORDER BY risk DESC) AS rank,
           count(*) OVER (PARTITION BY forecast_year) AS "of"
    FROM country_forecast
    WHERE forecast_year = (SELECT max(forecast_year) FROM country_forecast)
)
SELECT forecast_year AS year, risk, rank, "of", drivers,
       'AUC ' || round(backtest_auc, 3) || ' in the rolling-origin backtest' AS backtest
FROM latest
WHERE iso3 = $iso3
