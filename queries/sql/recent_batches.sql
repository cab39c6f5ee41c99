SELECT batch_id, format, file_name, finished_at, rows_read, rows_loaded, rows_updated,
       rows_unchanged, rows_rejected
FROM import_batches
ORDER BY batch_id DESC
LIMIT $limit
