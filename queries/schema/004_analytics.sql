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
