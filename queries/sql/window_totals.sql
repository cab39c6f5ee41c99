-- Totals of the filtered window.
SELECT count(*)                                  AS incidents,
       coalesce(sum(fatalities), 0)::BIGINT      AS fatalities,
       coalesce(sum(civilian_fatalities), 0)::BIGINT AS civilian_fatalities,
       count(DISTINCT iso3)                      AS countries,
       count(DISTINCT admin1_code)               AS regions
FROM @filtered_incidents
