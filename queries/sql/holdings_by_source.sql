SELECT i.source,
       count(*)                   AS incidents,
       count(DISTINCT i.iso3)     AS countries,
       min(i.event_date)          AS first_date,
       max(i.event_date)          AS last_date,
       sum(i.fatalities)::BIGINT  AS fatalities,
       max(b.finished_at)         AS last_import
FROM incidents AS i
LEFT JOIN import_batches AS b USING (batch_id)
GROUP BY i.source
ORDER BY incidents DESC
