-- Analysts' dated situation notes and recommendations for action, one row per version:
-- an edit inserts the next version of the same note_id, so the history stays. The latest
-- version is the note; only final ones reach viewers and the briefing pack.
CREATE TABLE briefing_notes (
    note_id    INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    iso3       VARCHAR NOT NULL REFERENCES countries (iso3),
    kind       VARCHAR NOT NULL CHECK (kind IN ('situation', 'recommendation')),
    status     VARCHAR NOT NULL CHECK (status IN ('draft', 'final')),
    written_on DATE NOT NULL,
    body       VARCHAR NOT NULL,
    author     VARCHAR NOT NULL,
    saved_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (note_id, version)
);
