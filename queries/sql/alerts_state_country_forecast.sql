-- Countries in the top $top_n of the country forecast (level 2 in the top $top_high):
-- country_forecast (migration 007) holds one current forecast per country, rank 1 = the
-- highest risk that a new mass killing begins within a year.
SELECT 'forecast_rank' AS kind, iso3 AS subject, iso3, NULL::VARCHAR AS admin1_code,
       CASE WHEN rank <= $top_high THEN 2 ELSE 1 END AS level, rank::DOUBLE AS value
FROM country_forecast
WHERE rank <= $top_n
