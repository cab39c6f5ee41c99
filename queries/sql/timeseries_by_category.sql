SELECT date_trunc($bucket, event_date)::DATE AS period, category,
       count(*) AS incidents, coalesce(sum(fatalities), 0)::BIGINT AS fatalities
FROM @filtered_incidents
GROUP BY ALL
ORDER BY period, category
