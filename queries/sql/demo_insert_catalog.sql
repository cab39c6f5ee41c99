-- The demo indicator catalog, from the Arrow table registered as _rows.
INSERT INTO indicator_catalog BY NAME
SELECT *, $source AS source
FROM _rows
