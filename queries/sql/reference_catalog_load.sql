-- The shipped catalogue (from the Arrow table _rows), replacing an earlier row of the same
-- indicator_code.
INSERT OR REPLACE INTO indicator_catalog
    (indicator_code, name, unit, risk_factor, direction, lower_bound, upper_bound, source,
     scale, licence, first_year, last_year, reference)
SELECT indicator_code, name, unit, risk_factor, direction, lower_bound, upper_bound, source,
       scale, licence, first_year, last_year, true
FROM _rows
