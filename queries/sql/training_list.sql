-- The trainings the filters choose, latest first (the page shows one country's).
SELECT start_date, end_date, title, audience, organisation, topic, participants,
       participants_women, venue, delivered_by, source
FROM @training_filtered
ORDER BY start_date DESC, training_id
LIMIT $limit
