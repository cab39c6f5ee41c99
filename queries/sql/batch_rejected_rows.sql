SELECT row_number, raw, reasons
FROM rejected_rows
WHERE batch_id = $batch_id
ORDER BY row_number
LIMIT $limit
