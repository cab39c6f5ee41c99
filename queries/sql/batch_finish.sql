UPDATE import_batches SET
    finished_at = $finished_at, rows_read = $read, rows_loaded = $loaded,
    rows_updated = $updated, rows_unchanged = $unchanged, rows_rejected = $rejected,
    notes = $notes
WHERE batch_id = $batch_id
