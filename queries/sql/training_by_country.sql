-- Per host country: trainings, participants, women among them, the first and latest.
SELECT t.host_iso3 AS iso3, coalesce(c.name, t.host_iso3) AS name,
       count(*)::INTEGER AS trainings, coalesce(sum(t.participants), 0)::BIGINT AS participants,
       coalesce(sum(t.participants_women), 0)::BIGINT AS women,
       min(t.start_date) AS first_training, max(t.start_date) AS latest_training,
       string_agg(DISTINCT t.audience, ', ' ORDER BY t.audience) AS audiences
FROM @training_filtered AS t
LEFT JOIN countries AS c ON c.iso3 = t.host_iso3
WHERE t.host_iso3 IS NOT NULL
GROUP BY ALL
ORDER BY trainings DESC, participants DESC, name
