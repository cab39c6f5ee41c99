-- The staged trainings into trainings, one row per training_id: a new id is inserted; a
-- stored training that differs in any column is updated; an equal one is left alone.
-- Returns the action per id.
MERGE INTO trainings AS t
USING (FROM stage_trainings ORDER BY row_number) AS s
ON t.training_id = s.training_id
WHEN MATCHED AND (t.start_date, t.end_date, t.title, t.host_iso3, t.venue, t.lat, t.lon,
                  t.audience, t.organisation, t.topic, t.participants, t.participants_women,
                  t.delivered_by, t.partner, t.source)
                 IS DISTINCT FROM
                 (s.start_date, s.end_date, s.title, s.host_iso3, s.venue, s.lat, s.lon,
                  s.audience, s.organisation, s.topic, s.participants, s.participants_women,
                  s.delivered_by, s.partner, s.source)
    THEN UPDATE SET start_date = s.start_date, end_date = s.end_date, title = s.title,
                    host_iso3 = s.host_iso3, venue = s.venue, lat = s.lat, lon = s.lon,
                    audience = s.audience, organisation = s.organisation, topic = s.topic,
                    participants = s.participants, participants_women = s.participants_women,
                    delivered_by = s.delivered_by, partner = s.partner, source = s.source,
                    batch_id = $batch_id
WHEN NOT MATCHED THEN
    INSERT (training_id, start_date, end_date, title, host_iso3, venue, lat, lon, audience,
            organisation, topic, participants, participants_women, delivered_by, partner,
            source, batch_id)
    VALUES (s.training_id, s.start_date, s.end_date, s.title, s.host_iso3, s.venue, s.lat,
            s.lon, s.audience, s.organisation, s.topic, s.participants, s.participants_women,
            s.delivered_by, s.partner, s.source, $batch_id)
RETURNING merge_action, training_id
