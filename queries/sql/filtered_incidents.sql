-- The one definition of the dashboard's filters, included by other queries with an
-- at-sign before this file's name. An empty string or list means "no filter on this field".
-- Unless $may_see_restricted, incidents not marked public keep their counts and region but
-- lose their description, actors, place name and the source's own type coding, and their coordinates snap to
-- the centre of their 0.5 degree PRIO-GRID cell: they appear only in aggregates. Their
-- incident_id becomes an opaque stable id (a keyed hash) and their source_id is dropped:
-- a partner's case number identifies the event.
(
    SELECT * REPLACE (
        CASE WHEN $may_see_restricted OR sensitivity = 'public' THEN incident_id
             ELSE 'restricted:' || left(sha256(
                 (SELECT value FROM warehouse_secrets WHERE name = 'restricted_id_salt')
                 || incident_id), 20) END AS incident_id,
        CASE WHEN $may_see_restricted OR sensitivity = 'public' THEN source_id END
            AS source_id,
        CASE WHEN $may_see_restricted OR sensitivity = 'public' THEN lat
             ELSE (((priogrid_gid - 1) // 720) * 0.5 - 89.75)::DOUBLE END AS lat,
        CASE WHEN $may_see_restricted OR sensitivity = 'public' THEN lon
             ELSE (((priogrid_gid - 1) % 720) * 0.5 - 179.75)::DOUBLE END AS lon,
        CASE WHEN $may_see_restricted OR sensitivity = 'public' THEN description END
            AS description,
        CASE WHEN $may_see_restricted OR sensitivity = 'public' THEN perpetrator END
            AS perpetrator,
        CASE WHEN $may_see_restricted OR sensitivity = 'public' THEN target END AS target,
        CASE WHEN $may_see_restricted OR sensitivity = 'public' THEN location END AS location,
        CASE WHEN $may_see_restricted OR sensitivity = 'public' THEN source_type END
            AS source_type,
        CASE WHEN $may_see_restricted OR sensitivity = 'public' THEN source_sub_type END
            AS source_sub_type,
        CASE WHEN $may_see_restricted OR sensitivity = 'public' THEN geo_precision
             ELSE greatest(coalesce(geo_precision, 0), 4)::TINYINT END AS geo_precision
    )
    FROM incidents
    WHERE event_date BETWEEN $date_from AND $date_to
      AND (len($categories) = 0 OR list_contains($categories, category))
      AND ($source = '' OR source = $source)
      AND ($iso3 = '' OR iso3 = $iso3)
      AND ($admin1 = '' OR admin1_code = $admin1)
)
