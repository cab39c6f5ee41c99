-- The country forecast (migration 007): each country's rank and its risk that a new mass
-- killing begins in the year forecast (the predictors' year + 1).
SELECT iso3, rank, risk_1y AS risk, data_year + 1 AS year FROM country_forecast
