-- The incidents whose place depends on one country's regions.
SELECT incident_id, lat, lon, geo_precision, iso3
FROM incidents
WHERE iso3 = $iso3 OR geo_iso3 = $iso3
