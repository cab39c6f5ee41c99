-- The busiest admin-1 regions by period; the rest are summed as 'Other regions'.
WITH f AS (SELECT * FROM @filtered_incidents),
top AS (
    SELECT admin1_code FROM f WHERE admin1_code IS NOT NULL
    GROUP BY admin1_code ORDER BY count(*) DESC, admin1_code LIMIT $top
)
SELECT date_trunc($bucket, f.event_date)::DATE AS period,
       CASE WHEN top.admin1_code IS NULL THEN 'Other regions / not located'
            ELSE coalesce(f.admin1_name, f.admin1_code) END AS region,
       count(*) AS incidents, coalesce(sum(f.fatalities), 0)::BIGINT AS fatalities
FROM f LEFT JOIN top USING (admin1_code)
GROUP BY ALL
ORDER BY period, region
