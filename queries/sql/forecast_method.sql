-- What the country forecast predicts and its backtest figures (one row, or none).
SELECT * FROM country_forecast_method
