-- Country escalation rows, for the overview map.
SELECT e.iso3, coalesce(c.name, e.iso3) AS name, e.events_latest, e.events_previous,
       e.events_baseline_weekly * 4 AS events_expected, e.events_vs_baseline,
       e.events_vs_previous, e.change_vs_baseline, e.civilian_latest, e.civilian_vs_baseline,
       e.window_start, e.window_end
FROM escalation AS e
LEFT JOIN countries AS c USING (iso3)
WHERE e.level = 'country'
ORDER BY e.iso3
