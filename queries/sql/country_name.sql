SELECT name FROM countries WHERE iso3 = $iso3
