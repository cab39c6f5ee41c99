SELECT geo_check, count(*) AS n FROM stage_incidents GROUP BY geo_check ORDER BY geo_check
