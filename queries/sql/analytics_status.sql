-- The latest analytics run: when it was computed and the last incident date it saw.
SELECT computed_at, data_through, seconds
FROM analytics_runs
ORDER BY computed_at DESC
LIMIT 1
