-- The schema files already applied to this warehouse.
SELECT version FROM schema_version
