-- The id and version the next save writes: an edit of $note_id (of $iso3) gets its next
-- version, a new note ($note_id NULL) the next free id and version 1.
SELECT coalesce($note_id, (SELECT coalesce(max(note_id), 0) + 1 FROM briefing_notes))
           AS note_id,
       coalesce((SELECT max(version) FROM briefing_notes
                 WHERE note_id = $note_id AND iso3 = $iso3), 0) + 1 AS version,
       $note_id IS NULL OR EXISTS (SELECT 1 FROM briefing_notes
                                   WHERE note_id = $note_id AND iso3 = $iso3) AS known
