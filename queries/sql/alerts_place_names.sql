-- Names of countries and admin-1 regions, for headlines.
SELECT iso3 AS code, name FROM countries
UNION ALL
SELECT admin1_code, name FROM admin1
