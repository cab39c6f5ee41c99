-- Training venues in the window for the overview map: one point per venue, sized by the
-- participants trained there.
SELECT round(t.lat, 3) AS lat, round(t.lon, 3) AS lon, any_value(t.venue) AS venue,
       coalesce(any_value(c.name), any_value(t.host_iso3)) AS name,
       count(*)::INTEGER AS trainings, coalesce(sum(t.participants), 0)::BIGINT AS participants,
       string_agg(DISTINCT t.audience, ', ' ORDER BY t.audience) AS audiences,
       max(t.start_date)::VARCHAR AS latest
FROM trainings AS t
LEFT JOIN countries AS c ON c.iso3 = t.host_iso3
WHERE t.start_date BETWEEN $date_from AND $date_to AND t.lat IS NOT NULL AND t.lon IS NOT NULL
GROUP BY 1, 2
ORDER BY participants DESC
