-- The watchlist: one row per country with a country forecast or a risk index, ranked by the
-- forecast's 1-year risk (queries/forecast; countries without one last, by the index), with
-- the 14-factor profile (the risk index) that explains it, its escalation (events in the latest 4 weeks
-- against the weekly average of the year before), its hot cells (Gi* at 90% confidence or
-- more, and how many at 99%), its civilian fatalities in the 365 days to data_through and
-- the date of its latest Framework of Analysis assessment.
-- $region: a UN region, or '' for every country; the rank stays the world rank.
WITH w AS (
    @watchlist_windows
), civilian AS (
    SELECT i.iso3, sum(i.civilian_fatalities)::BIGINT AS civilian_fatalities
    FROM incidents AS i, w
    WHERE i.event_date >= w.civilian_from AND i.event_date <= w.data_through
    GROUP BY i.iso3
), hot AS (
    SELECT iso3, count(*) FILTER (WHERE confidence >= 90) AS hot_cells,
           count(*) FILTER (WHERE confidence = 99) AS hot_cells_99
    FROM hotspot_cells
    GROUP BY iso3
), ranked AS (
    SELECT coalesce(f.iso3, r.iso3) AS iso3, f.rank AS forecast_rank, f.countries_ranked,
           f.data_year, f.risk_1y, f.risk_2y, f.previous_risk_1y, f.previous_rank,
           f.drivers AS forecast_drivers,
           r.risk_index, r.structural, r.dynamic, r.completeness, r.drivers,
           row_number() OVER (ORDER BY f.rank NULLS LAST, r.risk_index DESC NULLS LAST,
                              coalesce(f.iso3, r.iso3)) AS rank
    FROM country_forecast AS f
    FULL JOIN risk_index AS r USING (iso3)
), assessed AS (
    SELECT iso3, max(assessed_on) AS last_assessed
    FROM risk_assessments
    GROUP BY iso3
)
SELECT r.rank, r.iso3, coalesce(c.name, r.iso3) AS name, coalesce(c.un_region, '') AS un_region,
       r.forecast_rank, r.countries_ranked, r.data_year, r.risk_1y, r.risk_2y,
       r.previous_risk_1y, r.risk_1y - r.previous_risk_1y AS risk_change, r.previous_rank,
       r.forecast_drivers,
       r.risk_index, r.structural, r.dynamic, r.completeness, r.drivers,
       e.events_vs_baseline, e.change_vs_baseline, e.events_latest,
       e.events_baseline_weekly,
       coalesce(hot.hot_cells, 0)                      AS hot_cells,
       coalesce(hot.hot_cells_99, 0)                   AS hot_cells_99,
       coalesce(civilian.civilian_fatalities, 0)       AS civilian_fatalities,
       assessed.last_assessed
FROM ranked AS r
LEFT JOIN countries AS c USING (iso3)
LEFT JOIN escalation AS e ON e.iso3 = r.iso3 AND e.level = 'country'
LEFT JOIN hot ON hot.iso3 = r.iso3
LEFT JOIN civilian ON civilian.iso3 = r.iso3
LEFT JOIN assessed ON assessed.iso3 = r.iso3
WHERE $region = '' OR c.un_region = $region
ORDER BY r.rank
