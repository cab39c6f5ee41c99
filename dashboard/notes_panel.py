"""The country page's panel of analysts' situation notes and recommendations for action:
everyone sees the notes their role may see (viewers: final ones only, decided in
:mod:`queries.notes`); analysts also get a form to write a note or edit one (each save a
new version, audited). Final notes go into the briefing pack."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dash import Input, Output, State, callback, dcc, html
from flask import request

from dashboard.access import current_access
from dashboard.appstate import warehouse
from dashboard.dates import day_text
from queries import notes
from queries.notes import KINDS, MAX_BODY, STATUSES


def notes_panel(iso3: str) -> html.Div:
    """The panel: the notes shown, and for analysts the form (reads ``country-iso3``)."""
    parts = [html.H3("Analysts' notes and recommendations"),
             html.Div(id="country-notes-list", children=notes_list(iso3))]
    if current_access().has("analyst"):
        parts.append(_form(iso3))
    return html.Div(parts, id="country-notes", className="notes")


def notes_list(iso3: str) -> list:
    """The notes of ``iso3`` that the current user may see, situation notes first."""
    if not iso3:
        return []
    shown = notes.current_notes(warehouse(), current_access(), iso3)
    if not shown:
        return [html.P("No note has been written for this country yet.", className="muted")]
    return [html.Div([
        html.Span(n.status, className=f"badge note-{n.status}"),
        html.B(f" {KINDS[n.kind]}, {day_text(n.written_on)}"),
        html.Span(f" · {n.author} · version {n.version}", className="muted"),
        html.P(n.body)], className="note", id=f"country-note-{n.note_id}") for n in shown]


def _form(iso3: str) -> html.Div:
    return html.Div([
        html.Div([html.Label("Edit", htmlFor="country-notes-edit"),
                  dcc.Dropdown(id="country-notes-edit", placeholder="A new note",
                               options=_edit_options(iso3))], className="control wide"),
        html.Div([html.Label("Kind", htmlFor="country-notes-kind"),
                  dcc.RadioItems(id="country-notes-kind", value="situation", inline=True,
                                 options=[{"label": v, "value": k}
                                          for k, v in KINDS.items()])], className="control"),
        html.Div([html.Label("Status", htmlFor="country-notes-status"),
                  dcc.RadioItems(id="country-notes-status", value="draft", inline=True,
                                 options=list(STATUSES))], className="control"),
        html.Div([html.Label("Dated", htmlFor="country-notes-date"),
                  dcc.DatePickerSingle(id="country-notes-date",
                                       date=datetime.now(UTC).date().isoformat(),
                                       display_format="D MMM YYYY")], className="control"),
        html.Div([html.Label("Text", htmlFor="country-notes-body"),
                  dcc.Textarea(id="country-notes-body", maxLength=MAX_BODY,
                               placeholder="The situation, or the action recommended")],
                 className="control wide"),
        html.Button("Save note", id="country-notes-save", className="button", n_clicks=0),
        html.Span(id="country-notes-saved", className="muted", role="status"),
    ], className="filter-bar", id="country-notes-form")


def _edit_options(iso3: str) -> list[dict]:
    if not iso3:
        return []
    return [{"label": f"{KINDS[n.kind]} of {day_text(n.written_on)} ({n.status})",
             "value": n.note_id}
            for n in notes.current_notes(warehouse(), current_access(), iso3)]


@callback(Output("country-notes-kind", "value"), Output("country-notes-status", "value"),
          Output("country-notes-date", "date"), Output("country-notes-body", "value"),
          Input("country-notes-edit", "value"), State("country-iso3", "data"),
          prevent_initial_call=True)
def load_note(note_id, iso3):
    """Fill the form with the chosen note's latest version (or empty it for a new one)."""
    chosen = [n for n in notes.current_notes(warehouse(), current_access(), iso3)
              if n.note_id == note_id]
    if not chosen:
        return "situation", "draft", datetime.now(UTC).date().isoformat(), ""
    n = chosen[0]
    return n.kind, n.status, n.written_on.isoformat(), n.body


@callback(Output("country-notes-saved", "children"), Output("country-notes-list", "children"),
          Output("country-notes-edit", "options"),
          Input("country-notes-save", "n_clicks"), State("country-notes-edit", "value"),
          State("country-notes-kind", "value"), State("country-notes-status", "value"),
          State("country-notes-date", "date"), State("country-notes-body", "value"),
          State("country-iso3", "data"), prevent_initial_call=True)
def save_note(_clicks, note_id, kind, status, day, body, iso3):
    """Save the note (the role is checked again where it is written), then show it."""
    try:
        made = notes.save_note(warehouse(), current_access(), iso3, kind, status, body or "",
                               date.fromisoformat(day) if day else None, note_id,
                               request.remote_addr)
    except ValueError as exc:
        return f"Not saved: {exc}.", notes_list(iso3), _edit_options(iso3)
    return (f"Saved: {KINDS[made.kind].lower()} ({made.status}), version {made.version}.",
            notes_list(iso3), _edit_options(iso3))
