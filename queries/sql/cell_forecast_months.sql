-- Incidents and fatalities per country, PRIO-GRID cell and calendar month
-- (month = year * 12 + month - 1), for the cell forecast and its backtest;
-- civilian_events counts one category (the outcome the forecast predicts).
SELECT iso3,
       priogrid_gid                                              AS gid,
       (year(event_date) * 12 + month(event_date) - 1)::INTEGER  AS month,
       count(*)::INTEGER                                         AS events,
       (count(*) FILTER (WHERE category = $category))::INTEGER   AS civilian_events,
       coalesce(sum(fatalities), 0)::DOUBLE                      AS fatalities
FROM incidents
WHERE event_date BETWEEN $date_from AND $date_to
  AND iso3 IS NOT NULL
GROUP BY ALL
ORDER BY iso3, gid, month
