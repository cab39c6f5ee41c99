-- The Early Warning Project's country-years from $first to $last with the onset of a new
-- mass killing (0/1): the outcomes backtests predict.
SELECT year(period)::INTEGER AS year, iso3, value::INTEGER AS onset
FROM indicator_values
WHERE indicator_code = $onset AND admin1_code IS NULL
  AND year(period) BETWEEN $first AND $last
ORDER BY year, iso3
