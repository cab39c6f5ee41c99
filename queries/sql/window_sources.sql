-- The sources of the filtered incidents, with how much each contributes.
SELECT source, count(*) AS incidents
FROM @filtered_incidents
GROUP BY source
ORDER BY incidents DESC, source
