-- The latest national value of every catalogued indicator per scored place, dated from
-- $oldest to $newest (a user's own value over the reference one for a year: the
-- indicator_values view), with the catalogue's bounds, direction and scale
-- (queries.analytics.risk normalises them).
WITH latest AS (
    SELECT iso3, indicator_code, arg_max(value, period) AS value, max(period) AS period
    FROM indicator_values
    SEMI JOIN scored_places USING (iso3)
    WHERE admin1_code IS NULL AND period >= $oldest AND period <= $newest
    GROUP BY iso3, indicator_code
)
SELECT l.iso3, c.risk_factor AS factor, l.indicator_code, l.value, l.period,
       c.lower_bound, c.upper_bound, c.direction, c.scale
FROM latest AS l
JOIN indicator_catalog AS c USING (indicator_code)
WHERE c.risk_factor IS NOT NULL
ORDER BY l.iso3, c.risk_factor, l.indicator_code
