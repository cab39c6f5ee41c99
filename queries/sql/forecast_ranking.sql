-- Every country's current forecast, ranked by the 1-year risk (1 = highest).
SELECT f.rank, f.iso3, coalesce(c.name, f.iso3) AS name, coalesce(c.un_region, '') AS un_region,
       f.data_year, f.risk_1y, f.risk_2y, f.countries_ranked, f.previous_risk_1y,
       f.previous_rank, f.drivers
FROM country_forecast AS f
LEFT JOIN countries AS c USING (iso3)
ORDER BY f.rank
