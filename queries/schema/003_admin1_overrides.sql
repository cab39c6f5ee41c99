-- A user's own admin-1 boundaries for a country (OCHA COD-AB, geoBoundaries, GADM ...),
-- used in place of the shipped Natural Earth regions when placing points at import time.
-- Geometry is kept as WKB so that imports can rebuild the assigner; queries never use it.
CREATE TABLE IF NOT EXISTS admin1_overrides (
    iso3         VARCHAR NOT NULL,
    admin1_code  VARCHAR NOT NULL,
    name         VARCHAR,
    geometry     BLOB NOT NULL,
    file_name    VARCHAR NOT NULL,
    loaded_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (iso3, admin1_code)
);
