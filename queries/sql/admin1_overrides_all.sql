SELECT iso3, admin1_code, name, geometry FROM admin1_overrides ORDER BY iso3, admin1_code
