-- Events and civilian fatalities per country and per admin-1 region in the escalation
-- windows ending at $through: the latest 4 weeks, the 4 weeks before them, and the 52
-- weeks before the latest 4 (the baseline, which contains the previous 4 weeks).
SELECT
    iso3,
    admin1_code,
    grouping(admin1_code) = 1                                              AS is_country,
    count(*) FILTER (WHERE event_date > $through - 28)                     AS events_latest,
    count(*) FILTER (WHERE event_date <= $through - 28
                       AND event_date > $through - 56)                     AS events_previous,
    count(*) FILTER (WHERE event_date <= $through - 28)                    AS events_baseline,
    coalesce(sum(civilian_fatalities)
             FILTER (WHERE event_date > $through - 28), 0)::BIGINT          AS civilian_latest,
    coalesce(sum(civilian_fatalities)
             FILTER (WHERE event_date <= $through - 28
                       AND event_date > $through - 56), 0)::BIGINT          AS civilian_previous,
    coalesce(sum(civilian_fatalities)
             FILTER (WHERE event_date <= $through - 28), 0)::BIGINT         AS civilian_baseline
FROM incidents
WHERE iso3 IS NOT NULL
  AND event_date <= $through
  AND event_date > $through - 392
GROUP BY GROUPING SETS ((iso3), (iso3, admin1_code))
HAVING grouping(admin1_code) = 1 OR admin1_code IS NOT NULL
ORDER BY iso3, admin1_code NULLS FIRST
