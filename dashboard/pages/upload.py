"""Upload: an analyst imports a CSV file through the page, with the same importers as
``atrisk import``; the import and the analytics refresh run on a new version of the
warehouse, published when both succeeded (:meth:`queries.db.Warehouse.writing`), and are
audited."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, dcc, html
from flask import has_request_context, request

from dashboard import appstate
from dashboard.access import actor, current_access
from dashboard.appstate import warehouse
from dashboard.uploads import checked_upload, upload_file
from queries import audit
from queries.analytics.refresh import refresh_analytics
from queries.errors import WarehouseError
from queries.importing.registry import FORMATS, check_file, import_file

dash.register_page(__name__, path="/upload", title="Upload — Atrocity Risk Monitor",
                   order=5, required_role="analyst",
                   nav="Upload", nav_order=6)


def layout(**_query) -> html.Div:
    """The upload form: a format and a CSV file (at most the configured size)."""
    limit = appstate.settings().max_upload_mb
    return html.Div([
        html.H2("Import a file"),
        html.P(f"A CSV file of at most {limit} MB, in one of the formats of `atrisk import` "
               "(docs/import-formats.md). Every row is loaded, updated, unchanged or "
               "rejected with its reasons; the analytics are recomputed afterwards, and "
               "everyone sees the new data once the import has finished.", className="muted"),
        html.Div([html.Label("Format", htmlFor="upload-format"),
                  dcc.Dropdown(id="upload-format", options=sorted(FORMATS), value="incidents",
                               clearable=False)], className="control"),
        dcc.Upload(html.Div(["Drop a CSV file here or ", html.A("choose one")]),
                   id="upload-file", accept=".csv,text/csv", multiple=False,
                   max_size=limit * 1024 * 1024, className="upload-drop"),
        dcc.Loading(html.Pre(id="upload-result", className="upload-result"), type="dot"),
    ], className="page")


@callback(Output("upload-result", "children"), Input("upload-file", "contents"),
          State("upload-file", "filename"), State("upload-format", "value"),
          prevent_initial_call=True)
def upload(contents: str | None, filename: str | None, fmt: str | None) -> str:
    """Import the uploaded file; the summary lines, or why it was refused."""
    access = current_access()
    access.require("analyst", "importing a file")   # again in Warehouse.writing
    name, data = checked_upload(contents, filename, fmt, appstate.settings().max_upload_mb)
    spooled = None
    try:
        with upload_file(appstate.settings().db, name, data) as path:
            check_file(fmt, path)
            with warehouse().writing(access, "importing a file") as con:
                summary = import_file(con, fmt, path)
                lines = [*summary.lines(), refresh_analytics(con).line()]
                spooled = audit.spool_event(appstate.settings().db, actor(), "import.upload",
                                            {"format": fmt, "file": name, "bytes": len(data),
                                             "summary": lines}, _remote_addr())
    except BaseException:
        if spooled is not None:   # written down, but the import was not published
            spooled.unlink(missing_ok=True)
        raise
    try:
        audit.record_spooled(appstate.settings().db, spooled)
    except WarehouseError:
        lines.append("The import is done; its audit event will be recorded later.")
    return "\n".join(lines)


def _remote_addr() -> str | None:
    return request.remote_addr if has_request_context() else None


def validation_layout() -> html.Div:
    """The components the page's callbacks name, without data (see
    :func:`dashboard.shell.validation_layout`)."""
    return html.Div([
        dcc.Dropdown(id="upload-format"),
        dcc.Upload(id="upload-file"),
        html.Pre(id="upload-result"),
    ])
