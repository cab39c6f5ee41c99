"""Audit (admin only): the latest events of the audit log (sign-ins, imports, uploads,
exports, edits, user changes) and who may sign in."""

from __future__ import annotations

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard import appstate
from dashboard.access import current_access
from dashboard.components import table
from queries import audit, users

dash.register_page(__name__, path="/admin/audit", title="Audit log — Atrocity Risk Monitor",
                   order=6, required_role="admin",
                   nav="Audit", nav_order=7)

KINDS = {"": "Everything", "login.": "Sign-ins", "logout": "Sign-outs",
         "import.": "Imports and uploads", "export.": "Exports", "edit.": "Edits",
         "user.": "User changes"}
LIMIT = 200


def layout(**_query) -> html.Div:
    """The audit page: a choice of event kind, the events, the users."""
    return html.Div([
        html.H2("Audit log"),
        html.P(f"The latest {LIMIT} events, newest first; times are UTC. The log is the "
               "file <warehouse>.audit.duckdb, table audit_events.", className="muted"),
        html.Div([html.Label("Events", htmlFor="audit-kind"),
                  dcc.Dropdown(id="audit-kind", value="", clearable=False,
                               options=[{"label": v, "value": k} for k, v in KINDS.items()])],
                 className="control"),
        html.Div(id="audit-events"),
        html.H3("Users"),
        html.Div(id="audit-users"),
    ], className="page")


@callback(Output("audit-events", "children"), Output("audit-users", "children"),
          Input("audit-kind", "value"))
def update_events(kind: str | None):
    """The events of the chosen kind and the user list; admins only."""
    current_access().require("admin", "the audit log")
    db = appstate.settings().db
    prefix = kind if kind in KINDS else ""
    return (table("audit-table", events_frame(audit.recent_events(db, prefix, LIMIT)),
                  {"at": "When (UTC)", "actor": "Who", "action": "What",
                   "detail": "Detail", "remote_addr": "From"}),
            table("audit-users-table", pd.DataFrame(
                [{"username": u.username, "role": u.role, "created_at": u.created_at}
                 for u in users.list_users(db)], columns=["username", "role", "created_at"]),
                  {"username": "User", "role": "Role", "created_at": "Since (UTC)"}))


def events_frame(events: list[audit.AuditEvent]) -> pd.DataFrame:
    """The events as rows for the table (detail as short ``key=value`` text)."""
    return pd.DataFrame([{
        "at": e.at.strftime("%Y-%m-%d %H:%M:%S"), "actor": e.actor or "–", "action": e.action,
        "detail": "; ".join(f"{k}={v}" for k, v in e.detail.items())[:300],
        "remote_addr": e.remote_addr or "–"} for e in events],
        columns=["at", "actor", "action", "detail", "remote_addr"])


def validation_layout() -> html.Div:
    """The components the page's callbacks name, without data (see
    :func:`dashboard.shell.validation_layout`)."""
    return html.Div([
        dcc.Dropdown(id="audit-kind"),
        html.Div(id="audit-events"),
        html.Div(id="audit-users"),
    ])
