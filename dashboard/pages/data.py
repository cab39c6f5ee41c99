"""Data: what the warehouse holds per source, the imports and the rows they rejected."""

from __future__ import annotations

import dash
import pandas as pd
from dash import html

from dashboard.access import current_access
from dashboard.appstate import warehouse
from dashboard.components import DEMO_SOURCE, table
from queries import holdings as holdings_of
from queries.audit import recent_events

dash.register_page(__name__, path="/data", title="Data — Atrocity Risk Monitor", order=2,
                   nav="Data", nav_order=5)


def layout(**_query) -> html.Div:
    """The data page; it takes no URL parameters."""
    wh = warehouse()
    holdings = holdings_of.by_source(wh)
    batches = holdings_of.recent_batches(wh, limit=50)
    access = current_access()
    rejects = holdings_of.latest_rejected_rows(wh, 200, access.may_see_restricted)
    demo = DEMO_SOURCE in holdings["source"].tolist()
    return html.Div([
        html.H2("What the warehouse holds"),
        html.P(_demo_statement(demo), id="data-demo-statement",
               className="demo-banner" if demo else "muted"),
        table("data-sources", holdings, {
            "source": "Source", "incidents": "Incidents", "countries": "Countries",
            "first_date": "First event", "last_date": "Last event",
            "fatalities": "Fatalities", "last_import": "Last import (UTC)"}),
        html.H3("Indicators: real reference data"),
        html.P("The structural indicators are real data shipped with the app (source "
               "'reference'; sources, licences and citations in "
               "queries/reference/PROVENANCE.md), never synthetic, in the demo too. Your own "
               "`atrisk import indicators` values win for their country-years.",
               id="data-indicators-statement", className="muted"),
        table("data-indicators", holdings_of.indicators(wh), {
            "indicator_code": "Code", "name": "Indicator", "unit": "Unit",
            "risk_factor": "Risk factor", "source": "Source", "licence": "Licence",
            "first_year": "From", "last_year": "To", "reference_values": "Reference values",
            "own_values": "Your values"}),
        html.P("Risk factors no real indicator measures (they score nothing in the index):",
               className="muted"),
        table("data-factors-not-measured", holdings_of.factors_not_measured(wh), {
            "factor": "Factor", "name": "Risk factor", "not_measured": "Why"}),
        html.H3("Imports"),
        table("data-batches", batches, {
            "batch_id": "Batch", "format": "Format", "file_name": "File",
            "finished_at": "Finished (UTC)", "rows_read": "Read", "rows_loaded": "Loaded",
            "rows_updated": "Updated", "rows_unchanged": "Unchanged",
            "rows_rejected": "Rejected"}),
        html.H3("Rejected rows (latest 200)"),
        html.P("Every row an import could not load, with the reasons; "
               "`atrisk rejects BATCH` prints all of a batch's.", className="muted"),
        table("data-rejects", rejects, {
            "batch_id": "Batch", "file_name": "File", "row_number": "Row",
            "reasons": "Reasons", "raw": "Record as read"}),
        html.H3("Recent exports"),
        table("data-exports", _recent_exports(wh.path, access.has("analyst")), {
            "at": "When (UTC)", "action": "What", "file": "File", "actor": "By",
            "remote_addr": "From"}),
        html.P("Sources: UCDP GED (CC BY 4.0; Sundberg & Melander 2013, Davies et al. 2023); "
               "ACLED data are read from files you supply and never shipped; boundaries: "
               "Natural Earth (public domain); indicators: the Early Warning Project's "
               "Statistical Risk Assessment 2025-26 replication data (USHMM) with V-Dem "
               "(CC BY-SA 4.0), World Bank WDI (CC BY 4.0), UN IGME, EPR (Vogt et al. 2015), "
               "UCDP battle deaths (CC BY 4.0), Powell & Thyne coups, and the Political "
               "Terror Scale (Gibney et al.).", className="muted"),
    ], className="page")


def _demo_statement(demo: bool) -> str:
    if demo:
        return ("The warehouse holds the synthetic demo data set (source 'demo'): generated "
                "incidents, trainings and assessments for trying the app, not real events. "
                "The indicators are real reference data (below). Import real data with "
                "`atrisk import`; `atrisk demo` rebuilds the demo.")
    return ("No synthetic demo data: the incidents were imported from real sources and the "
            "indicators are real reference data (below).")


def _recent_exports(db, name_people: bool) -> pd.DataFrame:
    """The latest 20 exports from the audit log (a small sidecar file; cheap to read); who
    made them and from where only when ``name_people`` (analysts and admins)."""
    events = recent_events(db, "export.", limit=20)
    return pd.DataFrame({
        "at": [e.at.replace(tzinfo=None) for e in events],
        "action": [e.action.removeprefix("export.") for e in events],
        "file": [e.detail.get("file") for e in events],
        "actor": [(e.actor or "–") if name_people else "–" for e in events],
        "remote_addr": [(e.remote_addr or "command line") if name_people else "–"
                        for e in events]})


def validation_layout() -> html.Div:
    """The components the page's callbacks name, without data (see
    :func:`dashboard.shell.validation_layout`)."""
    return html.Div()
