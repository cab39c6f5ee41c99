-- Trainings held in a country in a window, latest first.
SELECT start_date, title, audience, organisation, topic, participants, delivered_by, source
FROM trainings
WHERE host_iso3 = $iso3 AND start_date BETWEEN $date_from AND $date_to
ORDER BY start_date DESC, training_id
LIMIT $limit
