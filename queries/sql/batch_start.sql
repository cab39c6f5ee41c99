INSERT INTO import_batches (format, file_name, file_sha256, started_at)
VALUES ($format, $file_name, $file_sha256, $started_at)
RETURNING batch_id
