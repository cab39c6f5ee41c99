-- Escalation levels per country and admin-1 region: 2 a large, 1 a moderate increase of
-- events against the 52-week baseline (the escalation layer's class).
SELECT 'escalation' AS kind, iso3 || coalesce('|' || admin1_code, '') AS subject, iso3,
       admin1_code,
       CASE events_vs_baseline WHEN 'large_increase' THEN 2 ELSE 1 END AS level,
       events_latest::DOUBLE AS value
FROM escalation
WHERE events_vs_baseline IN ('large_increase', 'moderate_increase')
