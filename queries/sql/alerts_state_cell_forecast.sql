-- Cells forecast at $threshold or more (level 2 at $high or more). Expects
-- cell_forecast(gid, iso3, probability), probability 0..1.
SELECT 'forecast_cells' AS kind, 'gid:' || gid AS subject, iso3, NULL::VARCHAR AS admin1_code,
       CASE WHEN probability >= $high THEN 2 ELSE 1 END AS level, probability::DOUBLE AS value
FROM cell_forecast
WHERE probability >= $threshold AND iso3 IS NOT NULL
