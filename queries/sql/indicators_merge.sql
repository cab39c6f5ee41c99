-- The staged values into indicators, one per (iso3, admin1_code, indicator_code, period,
-- source; a national value has no admin1_code, hence IS NOT DISTINCT FROM): a new key is
-- inserted; when a stored value of the key differs from the file's, every stored row of
-- the key takes the file's value; when all equal it, they are left alone. Returns the
-- action per stored row (the caller counts keys).
MERGE INTO indicators AS i
USING (
    SELECT s.*,
           stored.iso3 IS NOT NULL
           AND NOT coalesce(stored.lowest = s.value AND stored.highest = s.value, false)
               AS changed
    FROM stage_indicators AS s
    LEFT JOIN (
        SELECT i.iso3, i.admin1_code, i.indicator_code, i.period, i.source,
               min(i.value) AS lowest, max(i.value) AS highest
        FROM indicators AS i
        SEMI JOIN stage_indicators AS st
            ON i.iso3 = st.iso3 AND i.admin1_code IS NOT DISTINCT FROM st.admin1_code
           AND i.indicator_code = st.indicator_code AND i.period = st.period
           AND i.source = st.source
        GROUP BY ALL
    ) AS stored
        ON s.iso3 = stored.iso3 AND s.admin1_code IS NOT DISTINCT FROM stored.admin1_code
       AND s.indicator_code = stored.indicator_code AND s.period = stored.period
       AND s.source = stored.source
    ORDER BY s.row_number
) AS s
ON i.iso3 = s.iso3 AND i.admin1_code IS NOT DISTINCT FROM s.admin1_code
   AND i.indicator_code = s.indicator_code AND i.period = s.period AND i.source = s.source
WHEN MATCHED AND s.changed THEN UPDATE SET value = s.value, batch_id = $batch_id
WHEN NOT MATCHED THEN
    INSERT (iso3, admin1_code, indicator_code, period, value, source, batch_id)
    VALUES (s.iso3, s.admin1_code, s.indicator_code, s.period, s.value, s.source, $batch_id)
RETURNING merge_action, iso3, admin1_code, indicator_code, period, source
