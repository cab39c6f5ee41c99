SELECT target AS actor, count(*) AS incidents,
       coalesce(sum(fatalities), 0)::BIGINT AS fatalities
FROM @filtered_incidents
WHERE target IS NOT NULL
GROUP BY ALL ORDER BY incidents DESC, actor LIMIT $top
