-- The latest 7 days of data (to the latest incident date) against the 7 days before and
-- the weekly average of the 52 weeks before the latest 7 days.
WITH latest AS (SELECT max(event_date) AS through FROM incidents)
SELECT any_value(through) AS through,
       count(*) FILTER (WHERE event_date > through - 7) AS events_week,
       count(*) FILTER (WHERE event_date <= through - 7 AND event_date > through - 14)
           AS events_previous,
       count(*) FILTER (WHERE event_date <= through - 7) / 52.0 AS events_weekly_average,
       coalesce(sum(civilian_fatalities) FILTER (WHERE event_date > through - 7), 0)
           AS civilians_week,
       coalesce(sum(civilian_fatalities) FILTER (WHERE event_date <= through - 7
                                                   AND event_date > through - 14), 0)
           AS civilians_previous,
       coalesce(sum(civilian_fatalities) FILTER (WHERE event_date <= through - 7), 0) / 52.0
           AS civilians_weekly_average
FROM incidents, latest
WHERE event_date > through - 371
