-- Real reference indicators, shipped in queries/reference/ (indicators.parquet and
-- indicator_catalog.csv, built by queries/reference/build_indicators.py; sources in
-- PROVENANCE.md), replace the demo's synthetic ones. queries.reference_indicators loads them
-- when this migration runs and again at every demo build: indicator rows with source
-- 'reference' and no batch, catalogue rows with reference = true. A user's own rows
-- (`atrisk import indicators`, any other source) are never touched and win for their
-- country-years (the indicator_values view).

ALTER TABLE indicators ALTER COLUMN batch_id DROP NOT NULL;

-- indicator_catalog.source names the data source (e.g. 'UCDP Battle-Related Deaths v25.1').
ALTER TABLE indicator_catalog ADD COLUMN licence VARCHAR;
ALTER TABLE indicator_catalog ADD COLUMN first_year INTEGER;   -- years the shipped values cover
ALTER TABLE indicator_catalog ADD COLUMN last_year INTEGER;
ALTER TABLE indicator_catalog ADD COLUMN reference BOOLEAN DEFAULT false;
UPDATE indicator_catalog SET reference = false WHERE reference IS NULL;

-- Why a Framework of Analysis factor has no real indicator (NULL: it has at least one).
ALTER TABLE risk_factors ADD COLUMN not_measured VARCHAR;
UPDATE risk_factors SET not_measured = CASE factor
    WHEN 5 THEN 'No real indicator: the reference sources hold no defensible country-year '
                || 'measure of the capacity to commit atrocity crimes (forces, arms, '
                || 'resources, support); judge it in Framework of Analysis assessments.'
    WHEN 10 THEN 'No real indicator: intent to destroy a protected group is shown by '
                 || 'evidence (statements, orders, patterns), not by a country-year '
                 || 'statistic; judge it in Framework of Analysis assessments.'
    WHEN 13 THEN 'No real indicator: the reference sources hold no country-year measure '
                 || 'of threats to people protected by international humanitarian law; '
                 || 'imported incidents and assessments speak to it.'
    WHEN 14 THEN 'No real indicator: the reference sources hold no country-year measure '
                 || 'of threats to humanitarian or peacekeeping operations; imported '
                 || 'incidents (attacks on aid workers or peacekeepers) and assessments '
                 || 'speak to it.'
    END;

-- The demo's synthetic indicators are gone: the demo now uses the reference ones.
DELETE FROM indicators WHERE source = 'demo';
DELETE FROM indicator_catalog WHERE source = 'demo';

-- One value per place, indicator and year: a user's own value over the reference one (the
-- latest-dated of theirs when several), so an import wins for its country-years.
CREATE VIEW indicator_values AS
SELECT iso3, admin1_code, indicator_code, period, value, source
FROM (
    SELECT *, row_number() OVER (
               PARTITION BY iso3, admin1_code, indicator_code, year(period)
               ORDER BY (source = 'reference'), period DESC, source) AS pick
    FROM indicators
)
WHERE pick = 1;

-- A place is scored (ranked by the risk index, the gaps ranking and the risk layer) when
-- the warehouse holds a population figure for it. The reference set has one for every
-- state; places without people or without data (Antarctica, Bouvet Island, Heard Island,
-- Svalbard, Greenland, Pitcairn ...) have none, are "not scored" and never ranked.
CREATE VIEW scored_places AS
SELECT DISTINCT iso3
FROM indicators
WHERE indicator_code = 'wdi_population' AND admin1_code IS NULL AND value > 0;
