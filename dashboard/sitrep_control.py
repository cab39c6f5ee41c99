"""The watchlist's situation-report button: the top 10 countries of the region shown,
over the last 365 days, made in the background with a progress bar, then a download link
(the same job registry and download route as the briefing pack)."""

from __future__ import annotations

from dash import Input, Output, State, callback, ctx, dcc, html

from dashboard.access import actor
from dashboard.appstate import warehouse
from dashboard.exports.routes import job_view, jobs, start_sitrep
from dashboard.filters import parse_filters

TOP = 10


def sitrep_control() -> html.Div:
    """Format choice, button, progress, status and the download link."""
    return html.Div([
        dcc.RadioItems(id="watchlist-sitrep-format", value="pdf", inline=True,
                       options=[{"label": "PDF", "value": "pdf"},
                                {"label": "Word (DOCX, editable)", "value": "docx"}]),
        html.Button(f"Situation report on the top {TOP}", id="watchlist-sitrep-start",
                    className="button", n_clicks=0),
        html.Progress(id="watchlist-sitrep-progress", max=1, value=0, hidden=True),
        html.Span(id="watchlist-sitrep-status", className="muted", role="status"),
        html.A("Download situation report", id="watchlist-sitrep-link", className="button",
               href="", download="", hidden=True),
        dcc.Interval(id="watchlist-sitrep-poll", interval=500, disabled=True),
        dcc.Store(id="watchlist-sitrep-job"),
    ], className="briefing")


@callback(Output("watchlist-sitrep-job", "data"), Output("watchlist-sitrep-poll", "disabled"),
          Output("watchlist-sitrep-progress", "value"),
          Output("watchlist-sitrep-progress", "hidden"),
          Output("watchlist-sitrep-status", "children"),
          Output("watchlist-sitrep-link", "href"), Output("watchlist-sitrep-link", "hidden"),
          Output("watchlist-sitrep-start", "disabled"),
          Input("watchlist-sitrep-start", "n_clicks"),
          Input("watchlist-sitrep-poll", "n_intervals"),
          State("watchlist-region", "value"), State("watchlist-sitrep-format", "value"),
          State("watchlist-sitrep-job", "data"), prevent_initial_call=True)
def sitrep_job(_clicks, _ticks, region, fmt, job_id):
    """Start the report (the button) or show how far it got (the poll)."""
    if ctx.triggered_id == "watchlist-sitrep-start":
        f = parse_filters(warehouse(), {}).filter
        job_id = start_sitrep(f, region or "", TOP, "docx" if fmt == "docx" else "pdf")
    return (job_id, *job_view(jobs().status(job_id, actor()) if job_id else None,
                              "Situation report"))
