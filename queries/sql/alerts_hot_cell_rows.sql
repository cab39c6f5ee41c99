-- The hot cells behind hotspot alerts, by subject.
SELECT 'gid:' || gid AS subject, gid, confidence, pattern, events, window_start, window_end
FROM hotspot_cells
WHERE confidence >= $min_confidence
