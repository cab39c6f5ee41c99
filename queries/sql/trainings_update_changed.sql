UPDATE trainings AS t
SET start_date = s.start_date, end_date = s.end_date, title = s.title,
    host_iso3 = s.host_iso3, venue = s.venue, lat = s.lat, lon = s.lon,
    audience = s.audience, organisation = s.organisation, topic = s.topic,
    participants = s.participants, participants_women = s.participants_women,
    delivered_by = s.delivered_by, partner = s.partner, source = s.source,
    batch_id = $batch_id
FROM stage_trainings AS s
JOIN stage_trainings_status AS st USING (row_number)
WHERE st.status = 'changed' AND t.training_id = s.training_id
