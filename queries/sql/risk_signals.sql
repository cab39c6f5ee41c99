-- Incident signals per country for the dynamic dimension of the risk index: civilian
-- fatalities in the 12 months to $through, the escalation class of events, and the share
-- of the country's cells that are hot at 95% confidence or more. Only scored places the
-- warehouse holds incidents for: elsewhere the signals are unknown, not zero.
WITH covered AS (
    SELECT DISTINCT iso3 FROM incidents SEMI JOIN scored_places USING (iso3)
), civilian AS (
    SELECT iso3, coalesce(sum(civilian_fatalities), 0)::BIGINT AS civilian_fatalities
    FROM incidents
    WHERE event_date > $through - 365 AND event_date <= $through
    GROUP BY iso3
), hot AS (
    SELECT iso3, count(*) FILTER (WHERE confidence >= 95) / count(*) AS hot_share
    FROM hotspot_cells
    GROUP BY iso3
)
SELECT covered.iso3,
       coalesce(civilian.civilian_fatalities, 0)                  AS civilian_fatalities,
       coalesce(e.events_vs_baseline, 'limited_change')           AS escalation,
       coalesce(hot.hot_share, 0)                                 AS hot_share
FROM covered
LEFT JOIN civilian USING (iso3)
LEFT JOIN escalation AS e ON e.iso3 = covered.iso3 AND e.level = 'country'
LEFT JOIN hot USING (iso3)
ORDER BY covered.iso3
