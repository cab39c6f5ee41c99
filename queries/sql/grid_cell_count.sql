SELECT count(DISTINCT priogrid_gid) AS cells FROM @filtered_incidents
