-- Every matching incident for a CSV export (the columns match EXPORT_COLUMNS in
-- queries/incidents.py), ordered by an allow-listed column.
SELECT incident_id, event_date, iso3, admin1_code, admin1_name, location, lat, lon,
       geo_precision, category, source_type, source_sub_type, perpetrator, target,
       fatalities, civilian_fatalities, description, sensitivity, source, source_id
FROM @filtered_incidents
ORDER BY @order_by, incident_id
