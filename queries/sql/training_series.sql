-- Trainings and participants per year, audience and topic.
SELECT year(start_date) AS period, audience, coalesce(topic, 'unspecified') AS topic,
       count(*)::INTEGER AS trainings, coalesce(sum(participants), 0)::BIGINT AS participants
FROM @training_filtered
GROUP BY ALL
ORDER BY period, audience, topic
