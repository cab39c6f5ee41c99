SELECT count(*) AS n FROM @filtered_incidents
