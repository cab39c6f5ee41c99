UPDATE incidents AS i SET
    source = s.source, source_id = s.source_id, event_date = s.event_date,
    event_date_end = s.event_date_end, date_precision = s.date_precision, iso3 = s.iso3,
    geo_iso3 = s.geo_iso3, geo_check = s.geo_check, admin1_code = s.admin1_code,
    admin1_name = s.admin1_name, location = s.location, lat = s.lat, lon = s.lon,
    geo_precision = s.geo_precision, priogrid_gid = s.priogrid_gid, category = s.category,
    source_type = s.source_type, source_sub_type = s.source_sub_type,
    perpetrator = s.perpetrator, target = s.target, fatalities = s.fatalities,
    civilian_fatalities = s.civilian_fatalities, description = s.description,
    sensitivity = s.sensitivity, batch_id = s.batch_id
FROM stage_incidents AS s
JOIN stage_status AS st USING (incident_id)
WHERE i.incident_id = s.incident_id AND st.status = 'changed'
