-- new: no value for the key yet; same: the stored value equals the file's; changed:
-- otherwise. admin1_code is NULL for a national value, hence IS NOT DISTINCT FROM.
CREATE OR REPLACE TEMP TABLE stage_indicators_status AS
WITH stored AS (
    SELECT i.iso3, i.admin1_code, i.indicator_code, i.period, i.source,
           min(i.value) AS lowest, max(i.value) AS highest
    FROM indicators AS i
    SEMI JOIN stage_indicators AS s
        ON i.iso3 = s.iso3 AND i.admin1_code IS NOT DISTINCT FROM s.admin1_code
       AND i.indicator_code = s.indicator_code AND i.period = s.period AND i.source = s.source
    GROUP BY ALL
)
SELECT s.row_number,
       CASE
           WHEN st.iso3 IS NULL THEN 'new'
           WHEN st.lowest = s.value AND st.highest = s.value THEN 'same'
           ELSE 'changed'
       END AS status
FROM stage_indicators AS s
LEFT JOIN stored AS st
    ON s.iso3 = st.iso3 AND s.admin1_code IS NOT DISTINCT FROM st.admin1_code
   AND s.indicator_code = st.indicator_code AND s.period = st.period AND s.source = st.source
