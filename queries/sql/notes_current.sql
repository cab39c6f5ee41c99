-- The latest version of each note of a country; drafts only when $with_drafts (analysts):
-- the data layer, not the page, keeps drafts from viewers. Newest first, situation notes
-- before recommendations.
SELECT note_id, version, iso3, kind, status, written_on, body, author, saved_at
FROM briefing_notes
WHERE iso3 = $iso3
QUALIFY row_number() OVER (PARTITION BY note_id ORDER BY version DESC) = 1
    AND (status = 'final' OR $with_drafts)
ORDER BY kind DESC, written_on DESC, note_id DESC
