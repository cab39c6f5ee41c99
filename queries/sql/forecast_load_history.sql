-- Replace the backtest forecasts with the rows of _rows.
DELETE FROM country_forecast_history;
INSERT INTO country_forecast_history BY NAME SELECT * FROM _rows;
