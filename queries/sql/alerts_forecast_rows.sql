-- The latest year's country forecast: risk and rank per country.
SELECT iso3, rank, risk, year FROM country_forecast
WHERE year = (SELECT max(year) FROM country_forecast)
