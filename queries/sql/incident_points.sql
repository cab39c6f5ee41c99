-- Individual incidents to draw as points: the deadliest first, at most $cap.
SELECT incident_id, event_date, lat, lon, category, fatalities, civilian_fatalities,
       location, admin1_name, admin1_code, source
FROM @filtered_incidents
ORDER BY fatalities DESC NULLS LAST, event_date DESC, incident_id
LIMIT $cap
