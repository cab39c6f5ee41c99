-- PRIO-GRID cells with incidents, busiest first; the caller caps how many it draws.
SELECT priogrid_gid,
       count(*)                                    AS incidents,
       coalesce(sum(fatalities), 0)::BIGINT        AS fatalities,
       coalesce(sum(civilian_fatalities), 0)::BIGINT AS civilian_fatalities
FROM @filtered_incidents
GROUP BY priogrid_gid
ORDER BY incidents DESC, priogrid_gid
LIMIT $cap
