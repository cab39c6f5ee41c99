-- One country's largest contributions to its 1-year risk. $iso3: the country.
SELECT position, feature, label, value, contribution
FROM country_forecast_drivers
WHERE iso3 = $iso3
ORDER BY position
