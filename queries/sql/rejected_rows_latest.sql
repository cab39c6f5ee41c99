-- The latest rejected rows; the record as read only for those who may see restricted
-- detail (a rejected row may be a restricted incident's).
SELECT r.batch_id, b.file_name, r.row_number, array_to_string(r.reasons, '; ') AS reasons,
       CASE WHEN $may_see_restricted THEN r.raw ELSE '(shown to analysts only)' END AS raw
FROM rejected_rows AS r JOIN import_batches AS b USING (batch_id)
ORDER BY r.batch_id DESC, r.row_number
LIMIT $limit
