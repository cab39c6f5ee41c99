"""The Dash app: pages, components and pure figure functions over the warehouse."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import html

from dashboard.settings import Settings
from queries.db import Warehouse

_ASSETS = Path(__file__).resolve().parent.parent / "assets"


def create_app(settings: Settings) -> dash.Dash:
    """The app for one warehouse; tests pass their own ``settings``."""
    warehouse = Warehouse(settings.db)
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(Path(__file__).parent / "pages"),
        assets_folder=str(_ASSETS),
        serve_locally=True,
        title="Atrocity Risk Monitor",
        update_title=None,
    )
    app.server.config["WAREHOUSE"] = warehouse
    app.server.config["SETTINGS"] = settings
    app.layout = html.Div([
        html.Header([
            html.H1("Atrocity Risk Monitor"),
            html.Span(settings.classification, className="classification"),
        ], className="app-header"),
        html.Main(dash.page_container),
    ])
    app.server.add_url_rule("/health", "health", lambda: {"status": "ok"})
    return app


def warehouse() -> Warehouse:
    """The warehouse of the app serving the current request."""
    from flask import current_app

    return current_app.config["WAREHOUSE"]
