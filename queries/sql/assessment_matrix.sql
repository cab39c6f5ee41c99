-- The Framework of Analysis matrix of one country: every risk factor with its latest
-- judgement (and how many assessments it has), our model's score for it, and the
-- incidents in the page's filters that are evidence for it (factor_categories).
WITH latest AS (
    SELECT factor,
           arg_max(judgement, (assessed_on, analyst))   AS judgement,
           arg_max(evidence, (assessed_on, analyst))    AS evidence,
           max(assessed_on)                             AS assessed_on,
           arg_max(analyst, (assessed_on, analyst))     AS analyst,
           count(*)                                     AS assessments
    FROM risk_assessments
    WHERE iso3 = $iso3
    GROUP BY factor
), supporting AS (
    SELECT fc.factor, count(*) AS incidents
    FROM @filtered_incidents AS i
    JOIN factor_categories AS fc ON fc.category = i.category
    GROUP BY fc.factor
), categories AS (
    SELECT factor, list(category ORDER BY category) AS categories
    FROM factor_categories
    GROUP BY factor
)
SELECT f.factor, f.name, f.crimes, f.dimension,
       coalesce(l.judgement, 'not assessed') AS judgement, l.evidence, l.assessed_on,
       l.analyst, coalesce(l.assessments, 0) AS assessments, k.score AS model_score,
       coalesce(s.incidents, 0) AS incidents, coalesce(c.categories, []) AS categories
FROM risk_factors AS f
LEFT JOIN latest AS l USING (factor)
LEFT JOIN supporting AS s USING (factor)
LEFT JOIN categories AS c USING (factor)
LEFT JOIN risk_components AS k ON k.iso3 = $iso3 AND k.component = 'factor_' || f.factor
ORDER BY f.factor
