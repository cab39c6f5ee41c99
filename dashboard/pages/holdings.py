"""What the warehouse holds: per source, and the latest imports."""

from __future__ import annotations

import dash
from dash import html

from dashboard import warehouse
from dashboard.components import demo_banner, table

dash.register_page(__name__, path="/", title="Warehouse — Atrocity Risk Monitor")


def layout(**_query) -> html.Div:
    """The holdings page; it takes no URL parameters."""
    sources = warehouse().df("holdings_by_source")
    batches = warehouse().df("recent_batches", limit=20)
    return html.Div([
        demo_banner(sources["source"].tolist()),
        html.H2("What the warehouse holds"),
        table("holdings-sources", sources, {
            "source": "Source", "incidents": "Incidents", "countries": "Countries",
            "first_date": "First event", "last_date": "Last event",
            "fatalities": "Fatalities", "last_import": "Last import"}),
        html.H2("Latest imports"),
        table("holdings-batches", batches, {
            "batch_id": "Batch", "format": "Format", "file_name": "File",
            "finished_at": "Finished", "rows_read": "Read", "rows_loaded": "Loaded",
            "rows_updated": "Updated", "rows_unchanged": "Unchanged",
            "rows_rejected": "Rejected"}),
    ], className="page")
