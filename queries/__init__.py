"""The DuckDB warehouse: schema, connections, named queries, importers and analytics."""
