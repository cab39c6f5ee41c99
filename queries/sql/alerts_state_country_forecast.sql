-- Countries in the top $top_n of the latest year's country forecast (level 2 in the top
-- $top_high). Expects country_forecast(iso3, rank, risk, year), rank 1 = highest risk.
SELECT 'forecast_rank' AS kind, iso3 AS subject, iso3, NULL::VARCHAR AS admin1_code,
       CASE WHEN rank <= $top_high THEN 2 ELSE 1 END AS level, rank::DOUBLE AS value
FROM country_forecast
WHERE year = (SELECT max(year) FROM country_forecast) AND rank <= $top_n
