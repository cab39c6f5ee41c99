-- One country's current forecast. $iso3: the country.
SELECT f.rank, f.iso3, f.data_year, f.risk_1y, f.risk_2y, f.countries_ranked,
       f.previous_risk_1y, f.previous_rank, f.drivers
FROM country_forecast AS f
WHERE f.iso3 = $iso3
