-- Incidents per calendar month over the 24 months to data_through's month, per country
-- with a forecast or a risk index, oldest month first (months without incidents count 0).
WITH w AS (
    @watchlist_windows
), months AS (
    SELECT unnest(generate_series(w.months_from, w.data_through, INTERVAL 1 MONTH))::DATE
           AS month
    FROM w
), counts AS (
    SELECT i.iso3, date_trunc('month', i.event_date) AS month, count(*) AS incidents
    FROM incidents AS i, w
    WHERE i.event_date >= w.months_from AND i.event_date <= w.data_through
    GROUP BY ALL
)
SELECT r.iso3, list(coalesce(counts.incidents, 0) ORDER BY months.month) AS monthly
FROM (SELECT iso3 FROM risk_index UNION SELECT iso3 FROM country_forecast) AS r
CROSS JOIN months
LEFT JOIN counts ON counts.iso3 = r.iso3 AND counts.month = months.month
GROUP BY r.iso3
