-- One row per training with venue coordinates, largest first (drawn under the smaller).
SELECT t.training_id, t.start_date, t.title, t.host_iso3 AS iso3,
       coalesce(c.name, t.host_iso3) AS name, t.venue, t.lat, t.lon, t.audience,
       t.organisation, t.topic, coalesce(t.participants, 0) AS participants,
       t.participants_women, t.delivered_by, t.partner, t.source
FROM @training_filtered AS t
LEFT JOIN countries AS c ON c.iso3 = t.host_iso3
WHERE t.lat IS NOT NULL AND t.lon IS NOT NULL
ORDER BY participants DESC, t.training_id
