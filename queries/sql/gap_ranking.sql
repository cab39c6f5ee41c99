-- Countries ranked by high risk against low capacity on $on_date. Only scored places (the
-- scored_places view: a population figure is known) are ranked.
-- Risk: the validated country forecast (risk that a new mass killing begins within a
-- year, queries/forecast) where the warehouse holds it, else incidents in the 365 days to
-- $on_date (basis says which); risk_share is the country's percentile (1 = highest).
-- Capacity: regional early-warning mechanisms covering it, commitments held (of 4), the
-- latest training hosted on or before $on_date (a training counts in the 24 months to it).
-- gap = risk_share x the share of capacity missing ((no mechanism + commitments missing / 4
-- + no recent training) / 3), where a commitment counts 0 when held, 1 when recorded and
-- not held, and 0.5 when its status is not recorded (unknown is not absent).
WITH indexed AS (
    SELECT iso3, risk_1y AS score FROM country_forecast SEMI JOIN scored_places USING (iso3)
), counted AS (
    SELECT iso3, count(*)::DOUBLE AS score      -- the source's country, as on every page
    FROM incidents
    WHERE event_date > $on_date - INTERVAL 365 DAY AND event_date <= $on_date
      AND iso3 IN (SELECT iso3 FROM scored_places)
    GROUP BY 1
), risk AS (
    SELECT iso3, score, 'index' AS basis FROM indexed
    UNION ALL
    SELECT iso3, score, 'incidents' AS basis FROM counted
    WHERE NOT EXISTS (SELECT 1 FROM indexed)
), ranked AS (
    SELECT iso3, score, basis, cume_dist() OVER (ORDER BY score DESC) AS top_share,
           count(*) OVER () AS scored
    FROM risk
    WHERE score > 0
), mechanisms AS (
    SELECT iso3, count(*)::INTEGER AS mechanisms,
           string_agg(org_code, ', ' ORDER BY org_code) AS mechanism_orgs
    FROM @mechanisms_on
    GROUP BY iso3
), held AS (
    SELECT iso3,
           count(*) FILTER (WHERE held)::INTEGER AS commitments_held,
           count(*) FILTER (WHERE NOT held)::INTEGER AS commitments_not_held,
           max(status) FILTER (WHERE commitment = 'genocide_convention') AS genocide_convention,
           max(status) FILTER (WHERE commitment = 'rome_statute') AS rome_statute,
           bool_or(held) FILTER (WHERE commitment = 'genocide_convention') AS gc_held,
           bool_or(held) FILTER (WHERE commitment = 'rome_statute') AS rs_held,
           bool_or(held) FILTER (WHERE commitment = 'r2p_focal_point') AS focal_point,
           bool_or(held) FILTER (WHERE commitment = 'national_mechanism') AS national_mechanism
    FROM @commitments_on
    GROUP BY iso3
), trained AS (
    SELECT host_iso3 AS iso3, max(start_date) AS last_training,
           count(*) FILTER (WHERE start_date > $on_date - INTERVAL 24 MONTH)::INTEGER
               AS trainings_24m
    FROM trainings
    WHERE start_date <= $on_date AND host_iso3 IS NOT NULL
    GROUP BY 1
), scored AS (
    SELECT r.iso3, coalesce(c.name, r.iso3) AS name, c.un_region, r.basis, r.score,
           r.top_share, coalesce(m.mechanisms, 0) AS mechanisms, m.mechanism_orgs,
           coalesce(h.commitments_held, 0) AS commitments_held,
           coalesce(h.commitments_not_held, 0) AS commitments_not_held, h.genocide_convention,
           h.rome_statute, coalesce(h.gc_held, false) AS gc_held,
           coalesce(h.rs_held, false) AS rs_held, h.focal_point, h.national_mechanism,
           t.last_training, coalesce(t.trainings_24m, 0) AS trainings_24m
    FROM ranked AS r
    LEFT JOIN countries AS c USING (iso3)
    LEFT JOIN mechanisms AS m USING (iso3)
    LEFT JOIN held AS h USING (iso3)
    LEFT JOIN trained AS t USING (iso3)
)
SELECT *,
       1 - top_share + 1.0 / (SELECT count(*) FROM ranked) AS risk_share,
       ((mechanisms = 0)::INTEGER + @commitments_missing / 4.0
        + (trainings_24m = 0)::INTEGER) / 3.0 AS capacity_missing,
       (1 - top_share + 1.0 / (SELECT count(*) FROM ranked))
       * ((mechanisms = 0)::INTEGER + @commitments_missing / 4.0
          + (trainings_24m = 0)::INTEGER) / 3.0 AS gap
FROM scored
WHERE ($region = '' OR un_region = $region)
ORDER BY gap DESC, score DESC, iso3
LIMIT $limit
