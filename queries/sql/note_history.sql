-- Every version of one note, oldest first.
SELECT note_id, version, iso3, kind, status, written_on, body, author, saved_at
FROM briefing_notes
WHERE note_id = $note_id
ORDER BY version
