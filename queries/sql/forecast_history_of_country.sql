-- One country's out-of-sample backtest forecasts, with the countries ranked each year.
-- $iso3: the country.
SELECT h.year, h.risk, h.rank, n.countries, h.onset
FROM country_forecast_history AS h
JOIN (SELECT year, count(*)::INTEGER AS countries FROM country_forecast_history GROUP BY year)
     AS n USING (year)
WHERE h.iso3 = $iso3
ORDER BY h.year
