SELECT r.batch_id, b.file_name, r.row_number, array_to_string(r.reasons, '; ') AS reasons,
       r.raw
FROM rejected_rows AS r JOIN import_batches AS b USING (batch_id)
ORDER BY r.batch_id DESC, r.row_number
LIMIT $limit
