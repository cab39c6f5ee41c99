-- new: no training with the id yet; same: every column equals the stored row; changed:
-- otherwise.
CREATE OR REPLACE TEMP TABLE stage_trainings_status AS
SELECT s.row_number,
       CASE
           WHEN t.training_id IS NULL THEN 'new'
           WHEN (t.start_date, t.end_date, t.title, t.host_iso3, t.venue, t.lat, t.lon,
                 t.audience, t.organisation, t.topic, t.participants, t.participants_women,
                 t.delivered_by, t.partner, t.source)
                IS NOT DISTINCT FROM
                (s.start_date, s.end_date, s.title, s.host_iso3, s.venue, s.lat, s.lon,
                 s.audience, s.organisation, s.topic, s.participants, s.participants_women,
                 s.delivered_by, s.partner, s.source) THEN 'same'
           ELSE 'changed'
       END AS status
FROM stage_trainings AS s
LEFT JOIN trainings AS t USING (training_id)
