-- The escalation figures behind escalation alerts, by subject.
SELECT iso3 || coalesce('|' || admin1_code, '') AS subject, events_latest,
       events_baseline_weekly * 4 AS events_expected, change_vs_baseline, window_start,
       window_end
FROM escalation
WHERE events_vs_baseline IN ('large_increase', 'moderate_increase')
