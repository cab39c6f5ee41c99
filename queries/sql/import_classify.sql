-- The staged rows the warehouse already has: same (every field equal) or changed.
-- Rows not in here are new. (A first import leaves this empty and cheap.)
CREATE OR REPLACE TEMP TABLE stage_status AS
SELECT s.incident_id,
       CASE
           WHEN s.source IS NOT DISTINCT FROM i.source
            AND s.source_id IS NOT DISTINCT FROM i.source_id
            AND s.event_date IS NOT DISTINCT FROM i.event_date
            AND s.event_date_end IS NOT DISTINCT FROM i.event_date_end
            AND s.date_precision IS NOT DISTINCT FROM i.date_precision
            AND s.iso3 IS NOT DISTINCT FROM i.iso3
            AND s.geo_iso3 IS NOT DISTINCT FROM i.geo_iso3
            AND s.geo_check IS NOT DISTINCT FROM i.geo_check
            AND s.admin1_code IS NOT DISTINCT FROM i.admin1_code
            AND s.admin1_name IS NOT DISTINCT FROM i.admin1_name
            AND s.location IS NOT DISTINCT FROM i.location
            AND s.lat IS NOT DISTINCT FROM i.lat
            AND s.lon IS NOT DISTINCT FROM i.lon
            AND s.geo_precision IS NOT DISTINCT FROM i.geo_precision
            AND s.priogrid_gid IS NOT DISTINCT FROM i.priogrid_gid
            AND s.category IS NOT DISTINCT FROM i.category
            AND s.source_type IS NOT DISTINCT FROM i.source_type
            AND s.source_sub_type IS NOT DISTINCT FROM i.source_sub_type
            AND s.perpetrator IS NOT DISTINCT FROM i.perpetrator
            AND s.target IS NOT DISTINCT FROM i.target
            AND s.fatalities IS NOT DISTINCT FROM i.fatalities
            AND s.civilian_fatalities IS NOT DISTINCT FROM i.civilian_fatalities
            AND s.description IS NOT DISTINCT FROM i.description
            AND s.sensitivity IS NOT DISTINCT FROM i.sensitivity
           THEN 'same'
           ELSE 'changed'
       END AS status
FROM stage_incidents AS s
JOIN incidents AS i USING (incident_id)
