SELECT admin1_code, name, geometry FROM admin1_overrides WHERE iso3 = $iso3
ORDER BY admin1_code
