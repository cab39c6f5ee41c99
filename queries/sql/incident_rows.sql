-- The filtered incidents as a table, ordered by an allow-listed column and direction.
SELECT incident_id, event_date, admin1_name, location, category, perpetrator, target,
       fatalities, civilian_fatalities, source, source_id, geo_precision, lat, lon,
       description, sensitivity
FROM @filtered_incidents
ORDER BY @order_by, incident_id
LIMIT $limit OFFSET $offset
