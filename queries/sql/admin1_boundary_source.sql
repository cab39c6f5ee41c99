-- Where a country's admin-1 boundaries come from: a user's file or the shipped ones.
SELECT coalesce(
    (SELECT 'your file ' || any_value(file_name) FROM admin1_overrides WHERE iso3 = $iso3),
    (SELECT any_value(boundary_source) FROM admin1 WHERE iso3 = $iso3),
    'natural_earth') AS boundary_source
