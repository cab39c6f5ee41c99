"""Analysts' situation notes and recommendations for action on a country: dated, draft or
final, author and time recorded, every save audited, every edit a new version (the history
stays). Viewers see final notes only: :func:`current_notes` decides from the
:class:`~queries.access.Access`, so no page can show a draft by mistake."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from queries import audit
from queries.access import Access
from queries.db import Warehouse
from queries.statements import named_sql, transaction

KINDS = {"situation": "Situation note", "recommendation": "Recommendation for action"}
STATUSES = ("draft", "final")
MAX_BODY = 4000


@dataclass(frozen=True)
class BriefingNote:
    """One version of a note."""

    note_id: int
    version: int
    iso3: str
    kind: str
    status: str
    written_on: date
    body: str
    author: str
    saved_at: datetime


def save_note(wh: Warehouse, access: Access, iso3: str, kind: str, status: str, body: str,
              written_on: date | None = None, note_id: int | None = None,
              remote_addr: str | None = None) -> BriefingNote:
    """Save a new note of ``iso3`` (``note_id`` None) or the next version of note
    ``note_id``; analysts and admins only (``AccessDenied``). ``ValueError`` for a kind,
    status or date outside the vocabulary, an empty or over-long text, an unknown country
    or a note of another country. The save is recorded in the audit log."""
    access.require("analyst", "writing a briefing note")
    _check(kind, status, body)
    if not wh.arrow("country_name", iso3=str(iso3)).num_rows:
        raise ValueError(f"there is no country with the code {str(iso3)[:12]!r}")
    saved_at = datetime.now(UTC).replace(tzinfo=None)
    with wh.writing(access, "writing a briefing note") as con, transaction(con):
        nid, version, known = con.execute(named_sql("note_next_version"),
                                          {"note_id": note_id, "iso3": iso3}).fetchone()
        if not known:
            raise ValueError(f"note {note_id} is not a note of {iso3}")
        made = BriefingNote(nid, version, iso3, kind, status, written_on or saved_at.date(),
                            body.strip(), access.user or "local", saved_at)
        con.execute(named_sql("note_insert"), {
            "note_id": made.note_id, "version": made.version, "iso3": made.iso3,
            "kind": made.kind, "status": made.status, "written_on": made.written_on,
            "body": made.body, "author": made.author, "saved_at": made.saved_at})
    audit.record_event(wh.path, made.author, "note.save", {
        "iso3": iso3, "note_id": made.note_id, "version": made.version, "kind": kind,
        "status": status}, remote_addr)
    return made


def current_notes(wh: Warehouse, access: Access, iso3: str) -> list[BriefingNote]:
    """The latest version of each note of ``iso3``: final ones for everyone, drafts too for
    analysts and admins. Situation notes first, newest first. A warehouse the app has not
    migrated yet (the command line opens it read-only) has none."""
    if not wh.arrow("table_exists", table_name="briefing_notes").column("found")[0].as_py():
        return []
    frame = wh.df("notes_current", iso3=iso3, with_drafts=access.has("analyst"))
    return [_note(r) for r in frame.to_dict("records")]


def note_history(wh: Warehouse, access: Access, note_id: int) -> list[BriefingNote]:
    """Every version of a note, oldest first (analysts and admins: drafts are in it)."""
    access.require("analyst", "reading a note's history")
    return [_note(r) for r in wh.df("note_history", note_id=note_id).to_dict("records")]


def _check(kind: str, status: str, body: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind: expected one of {', '.join(KINDS)}")
    if status not in STATUSES:
        raise ValueError(f"status: expected one of {', '.join(STATUSES)}")
    if not str(body or "").strip() or len(body) > MAX_BODY:
        raise ValueError(f"text: write the note (1-{MAX_BODY:,} characters)")


def _note(r: dict) -> BriefingNote:
    return BriefingNote(int(r["note_id"]), int(r["version"]), r["iso3"], r["kind"],
                        r["status"], _day(r["written_on"]), r["body"], r["author"],
                        r["saved_at"].to_pydatetime() if hasattr(r["saved_at"], "to_pydatetime")
                        else r["saved_at"])


def _day(value) -> date:
    return value.date() if isinstance(value, datetime) else value
