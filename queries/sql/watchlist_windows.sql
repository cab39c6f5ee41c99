-- The windows the watchlist describes, all ending at the latest analytics run's
-- data_through: civilian fatalities over the 365 days to it (as the risk index counts
-- them), the sparklines' 24 calendar months to its month, the escalation's latest 4 weeks
-- and the hotspot window. No row when analytics were never computed.
SELECT run.data_through,
       run.data_through - 364                                             AS civilian_from,
       (date_trunc('month', run.data_through) - INTERVAL 23 MONTH)::DATE  AS months_from,
       (SELECT min(window_start) FROM escalation WHERE level = 'country') AS escalation_from,
       (SELECT max(window_end) FROM escalation WHERE level = 'country')   AS escalation_to,
       (SELECT min(window_start) FROM hotspot_cells)                      AS hotspot_from,
       (SELECT max(window_end) FROM hotspot_cells)                        AS hotspot_to
FROM (SELECT data_through FROM analytics_runs
      ORDER BY computed_at DESC LIMIT 1) AS run
