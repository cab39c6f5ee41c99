-- Which of the optional input tables exist (the forecasts land in later migrations).
SELECT table_name FROM information_schema.tables
WHERE table_name IN ('country_forecast', 'cell_forecast')
