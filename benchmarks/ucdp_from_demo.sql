-- The demo incidents written out in the 49-column UCDP GED layout, for import benchmarks.
COPY (
    SELECT row_number() OVER () AS id, 0 AS relid, year(event_date) AS year, 0 AS active_year,
           'Clear' AS code_status,
           CASE category WHEN 'violence_against_civilians' THEN 3
                         WHEN 'armed_conflict' THEN 1 ELSE 2 END AS type_of_violence,
           1 AS conflict_dset_id, 1 AS conflict_new_id, 'Synthetic conflict' AS conflict_name,
           1 AS dyad_dset_id, 1 AS dyad_new_id, 'Synthetic dyad' AS dyad_name,
           1 AS side_a_dset_id, 1 AS side_a_new_id, perpetrator AS side_a,
           2 AS side_b_dset_id, 2 AS side_b_new_id, target AS side_b,
           1 AS number_of_sources, 'Synthetic source' AS source_article, '' AS source_office,
           '' AS source_date, description AS source_headline, '' AS source_original,
           geo_precision AS where_prec, location AS where_coordinates,
           location AS where_description, admin1_name AS adm_1, '' AS adm_2,
           lat AS latitude, lon AS longitude,
           'POINT (' || lon || ' ' || lat || ')' AS geom_wkt, priogrid_gid,
           c.name AS country, gw.gwno AS country_id, c.un_region AS region, 1 AS event_clarity,
           date_precision AS date_prec,
           strftime(event_date, '%Y-%m-%d 00:00:00.000') AS date_start,
           strftime(coalesce(event_date_end, event_date), '%Y-%m-%d 00:00:00.000') AS date_end,
           0 AS deaths_a, 0 AS deaths_b, civilian_fatalities AS deaths_civilians,
           0 AS deaths_unknown, fatalities AS best, fatalities AS high, fatalities AS low,
           0 AS gwnoa, '' AS gwnob
    FROM incidents JOIN countries AS c USING (iso3)
    LEFT JOIN (SELECT iso3, min(gwno) AS gwno FROM read_csv($gw) GROUP BY iso3) AS gw USING (iso3)
    WHERE source = 'demo'
) TO $out (HEADER, DELIMITER ',')
