-- Replace the current country forecast with the rows of _rows (queries.forecast.store).
DELETE FROM country_forecast;
INSERT INTO country_forecast BY NAME SELECT * FROM _rows;
