-- Replace the forecast's drivers with the rows of _rows.
DELETE FROM country_forecast_drivers;
INSERT INTO country_forecast_drivers BY NAME SELECT * FROM _rows;
