-- The file's values, each with its record number in the file. Spelled out rather than
-- CREATE ... AS SELECT ... LIMIT 0: in DuckDB 2.0, a table made that way inside a
-- transaction loses the rows of a first INSERT of 122,880 rows or more from Arrow.
CREATE OR REPLACE TEMP TABLE stage_indicators (
    iso3            VARCHAR,
    admin1_code     VARCHAR,
    indicator_code  VARCHAR,
    period          DATE,
    value           DOUBLE,
    source          VARCHAR,
    row_number      BIGINT
)
