-- Commitments in force on $on_date, included as commitments_on: one row per country and
-- commitment with held = true when the country was party (or had the focal point or the
-- mechanism) that day: status party / yes / withdrawn, since <= D (or unknown), D < until.
(
    SELECT iso3, commitment, status,
           status IN ('party', 'yes', 'withdrawn')
           AND (since IS NULL OR since <= $on_date)
           AND (until IS NULL OR $on_date < until) AS held
    FROM commitments
)
