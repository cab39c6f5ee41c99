-- Whether the warehouse has a table of this name (any schema): optional tables from
-- migrations that may not have landed yet.
SELECT count(*) > 0 AS found
FROM duckdb_tables()
WHERE table_name = $table_name
