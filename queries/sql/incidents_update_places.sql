UPDATE incidents AS i SET
    geo_iso3 = p.geo_iso3, geo_check = p.geo_check,
    admin1_code = p.admin1_code, admin1_name = p.admin1_name
FROM _rows AS p
WHERE i.incident_id = p.incident_id
