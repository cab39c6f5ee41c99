SELECT count(*) FILTER (WHERE status = 'new')     AS loaded,
       count(*) FILTER (WHERE status = 'changed') AS updated,
       count(*) FILTER (WHERE status = 'same')    AS unchanged
FROM stage_memberships_status
