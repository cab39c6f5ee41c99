-- The latest batch that brought incidents.
SELECT max(batch_id) AS max_batch FROM incidents
