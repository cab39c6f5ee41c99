-- Early-warning analytics, recomputed after every write (queries.analytics.refresh).
-- The app reads these tables; it never computes them on a request.

CREATE TABLE IF NOT EXISTS analytics_runs (
    computed_at    TIMESTAMP NOT NULL,          -- UTC, passed from Python
    data_through   DATE,                        -- the latest incident date the run saw
    seconds        DOUBLE NOT NULL
);

-- Getis-Ord Gi* per PRIO-GRID cell over the hotspot window, and the emerging-hotspot
-- pattern over monthly slices (Mann-Kendall trend of the slices' z-scores).
CREATE TABLE IF NOT EXISTS hotspot_cells (
    gid            INTEGER NOT NULL,
    iso3           VARCHAR NOT NULL,
    lat            DOUBLE NOT NULL,            -- cell centre
    lon            DOUBLE NOT NULL,
    events         INTEGER NOT NULL,           -- incidents in the cell in the window
    gi_z           DOUBLE NOT NULL,
    gi_p           DOUBLE NOT NULL,            -- two-sided
    confidence     TINYINT NOT NULL,           -- 99 | 95 | 90 for a hot cell, else 0
    trend_z        DOUBLE,                     -- Mann-Kendall z of the monthly z-scores
    trend_p        DOUBLE,
    pattern        VARCHAR,                    -- new | consecutive | intensifying | persistent |
                                               -- diminishing | sporadic | oscillating | historical
    window_start   DATE NOT NULL,
    window_end     DATE NOT NULL
);

-- Escalation: the latest 4 weeks of data against the previous 4 weeks and against the
-- weekly average of the 52 weeks before the latest 4 (queries.analytics.escalation).
CREATE TABLE IF NOT EXISTS escalation (
    level                     VARCHAR NOT NULL,   -- country | admin1
    iso3                      VARCHAR NOT NULL,
    admin1_code               VARCHAR,            -- NULL on country rows
    events_latest             INTEGER NOT NULL,
    events_previous           INTEGER NOT NULL,
    events_baseline_weekly    DOUBLE NOT NULL,
    events_vs_previous        VARCHAR NOT NULL,   -- large_increase .. large_decrease
    events_vs_baseline        VARCHAR NOT NULL,
    change_vs_previous        DOUBLE,             -- relative change; NULL when undefined
    change_vs_baseline        DOUBLE,
    civilian_latest           INTEGER NOT NULL,
    civilian_previous         INTEGER NOT NULL,
    civilian_baseline_weekly  DOUBLE NOT NULL,
    civilian_vs_baseline      VARCHAR NOT NULL,
    window_start              DATE NOT NULL,      -- the latest 4 weeks
    window_end                DATE NOT NULL,
    CHECK (level IN ('country', 'admin1'))
);

-- Which Framework of Analysis factors belong to the structural and which to the dynamic
-- dimension of our risk index, and which incident categories are evidence for a factor.
-- Both are our modelling choices, stated in the warehouse so they can be read and changed.
ALTER TABLE risk_factors ADD COLUMN dimension VARCHAR;
UPDATE risk_factors SET dimension = CASE
    WHEN factor IN (2, 3, 4, 5, 6, 9) THEN 'structural' ELSE 'dynamic' END;

-- How an indicator is normalised to 0..10 between its bounds: linearly, or on a log scale
-- for skewed counts and rates (deaths per 100,000, events a year), as INFORM does.
ALTER TABLE indicator_catalog ADD COLUMN scale VARCHAR DEFAULT 'linear';
UPDATE indicator_catalog SET scale = 'linear' WHERE scale IS NULL;

CREATE TABLE IF NOT EXISTS factor_categories (
    factor    TINYINT NOT NULL,
    category  VARCHAR NOT NULL,
    PRIMARY KEY (factor, category)
);
INSERT INTO factor_categories VALUES
    (1, 'armed_conflict'),
    (2, 'violence_against_civilians'), (2, 'sexual_violence'), (2, 'arbitrary_detention'),
    (2, 'abduction_disappearance'),
    (7, 'arbitrary_detention'), (7, 'repression_of_protest'), (7, 'forced_displacement'),
    (8, 'incitement_hate_speech'),
    (9, 'incitement_hate_speech'), (9, 'property_destruction'),
    (10, 'violence_against_civilians'), (10, 'incitement_hate_speech'),
    (11, 'violence_against_civilians'), (11, 'sexual_violence'), (11, 'forced_displacement'),
    (12, 'violence_against_civilians'), (12, 'abduction_disappearance'),
    (13, 'violence_against_civilians'), (13, 'sexual_violence'),
    (13, 'abduction_disappearance'), (13, 'property_destruction'),
    (14, 'attack_on_aid_or_peacekeepers');

-- Our risk model (not a UN score): one row per country and component (a risk factor's
-- indicators, or an incident signal), then the index itself.
CREATE TABLE IF NOT EXISTS risk_components (
    iso3        VARCHAR NOT NULL,
    component   VARCHAR NOT NULL,     -- 'factor_1' .. 'factor_14', or a signal's key
    label       VARCHAR NOT NULL,
    dimension   VARCHAR NOT NULL,     -- structural | dynamic
    score       DOUBLE,               -- 0..10; NULL when no input is present
    present     INTEGER NOT NULL,     -- inputs present
    expected    INTEGER NOT NULL      -- inputs in the catalogue
);

CREATE TABLE IF NOT EXISTS risk_index (
    iso3          VARCHAR PRIMARY KEY,
    structural    DOUBLE,
    dynamic       DOUBLE,
    risk_index    DOUBLE,             -- geometric mean of the two; NULL if either is missing
    completeness  DOUBLE NOT NULL,    -- share of the catalogue's indicators present, 0..1
    drivers       VARCHAR NOT NULL    -- the top components, e.g. 'Armed conflict 8.7; ...'
);

-- Framework of Analysis assessments are imported like other files: which batch and source.
ALTER TABLE risk_assessments ADD COLUMN source VARCHAR DEFAULT 'user';
ALTER TABLE risk_assessments ADD COLUMN batch_id INTEGER;
