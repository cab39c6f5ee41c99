-- The shipped indicator values (from the Arrow table _rows: iso3, indicator_code, year,
-- value), replacing earlier reference rows; rows of any other source are left alone.
DELETE FROM indicators WHERE source = 'reference';
INSERT INTO indicators (iso3, admin1_code, indicator_code, period, value, source, batch_id)
SELECT iso3, NULL, indicator_code, make_date(year::INTEGER, 1, 1), value, 'reference', NULL
FROM _rows
