-- One version of a note: a new note (version 1) or an edit (the next version).
INSERT INTO briefing_notes (note_id, version, iso3, kind, status, written_on, body, author,
                            saved_at)
VALUES ($note_id, $version, $iso3, $kind, $status, $written_on, $body, $author, $saved_at)
