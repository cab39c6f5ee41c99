-- The first and the latest incident date: the hotspot window ends at the latest, and the
-- backtest's origins run between them.
SELECT min(event_date) AS first_date, max(event_date) AS last_date FROM incidents
