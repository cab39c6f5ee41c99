-- One chunk of synthetic demo incidents, from the Arrow table registered as _rows.
INSERT INTO incidents BY NAME
SELECT
    $source || ':' || source_id::VARCHAR AS incident_id,
    $source AS source,
    source_id::VARCHAR AS source_id,
    event_date,
    event_date_end,
    date_precision,
    iso3,
    iso3 AS geo_iso3,
    'ok' AS geo_check,
    admin1_code,
    admin1_name,
    location,
    lat,
    lon,
    geo_precision,
    priogrid_gid,
    category,
    category AS source_type,
    perpetrator,
    target,
    fatalities,
    civilian_fatalities,
    'Synthetic demo event: ' || replace(category, '_', ' ') || ' at ' || location
        AS description,
    CASE WHEN restricted THEN 'restricted' ELSE 'public' END AS sensitivity,
    $batch_id AS batch_id
FROM _rows
