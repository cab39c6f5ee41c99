-- Hot cells (Gi* at 90% confidence or more), hottest first; one country's or all.
SELECT h.gid, h.iso3, coalesce(c.name, h.iso3) AS name, h.lat, h.lon, h.events, h.gi_z,
       h.gi_p, h.confidence, coalesce(h.pattern, '') AS pattern, h.window_start, h.window_end
FROM hotspot_cells AS h
LEFT JOIN countries AS c USING (iso3)
WHERE h.confidence > 0 AND ($iso3 = '' OR h.iso3 = $iso3)
ORDER BY h.gi_z DESC, h.gid
