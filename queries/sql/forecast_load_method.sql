-- Replace the method note's facts with the row of _rows.
DELETE FROM country_forecast_method;
INSERT INTO country_forecast_method BY NAME SELECT * FROM _rows;
