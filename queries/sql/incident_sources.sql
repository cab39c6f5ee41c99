SELECT DISTINCT source FROM incidents ORDER BY source
