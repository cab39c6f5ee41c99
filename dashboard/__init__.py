"""The Dash app: pages, components and pure figure functions over the warehouse."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import dash
from dash import dcc, html, set_props
from dash.exceptions import DependencyException
from flask import Response

from dashboard.components import freshness
from dashboard.settings import Settings
from queries.access import AccessDenied
from queries.db import Warehouse
from queries.errors import ImportFileError, QueryError, WarehouseError

_ASSETS = Path(__file__).resolve().parent.parent / "assets"
log = logging.getLogger(__name__)


def create_app(settings: Settings) -> dash.Dash:
    """The app for one warehouse; tests pass their own ``settings``. Refuses (ValueError)
    sign-in without a secret key outside demo mode."""
    settings.checked()
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(Path(__file__).parent / "pages"),
        assets_folder=str(_ASSETS),
        serve_locally=True,
        title="Atrocity Risk Monitor",
        update_title=None,
        on_error=show_error,
        # Not to silence id errors: with it off, Dash embeds a "validation layout" in every
        # page it serves: each page's layout built once for whoever asked first, the shell
        # naming that person, the data page's tables. With access control that would show
        # one person's view to everyone. Callback ids are checked by the tests instead.
        suppress_callback_exceptions=True,
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    app.server.config["WAREHOUSE"] = Warehouse(settings.db)
    app.server.config["SETTINGS"] = settings
    app.layout = lambda: shell(settings)   # per request: it names who is signed in
    app.server.add_url_rule("/health", "health", lambda: {"status": "ok"})
    app.server.register_error_handler(DependencyException, not_a_bundle)
    from dashboard.access import guard_page_layouts, install_access

    install_access(app, settings)
    guard_page_layouts()
    install_compression(app.server)
    from dashboard.downloads import register_downloads

    register_downloads(app.server)
    from dashboard.exports.routes import register_export_routes

    register_export_routes(app.server)
    from dashboard.search import register_search

    register_search(app.server)
    from dashboard.feeds import register_feed

    register_feed(app.server)
    return app


_COMPRESSIBLE = {"application/javascript", "text/javascript", "application/json",
                 "text/css", "text/html", "image/svg+xml", "text/plain"}
_STATIC = ("/_dash-component-suites/", "/assets/")


def install_compression(server) -> None:
    """gzip what the browser accepts compressed (plotly.js: 4.8 MB -> 1.5 MB); static files
    are compressed once per app and remembered."""
    import gzip

    from flask import request

    compressed_static: dict[tuple[str, int], bytes] = {}

    @server.after_request
    def gzip_response(response):
        if (response.status_code != 200 or response.headers.get("Content-Encoding")
                or response.mimetype not in _COMPRESSIBLE
                or "gzip" not in request.headers.get("Accept-Encoding", "")):
            return response
        response.direct_passthrough = False
        data = response.get_data()
        if len(data) < 1024:
            return response
        key = (request.path, len(data)) if request.path.startswith(_STATIC) else None
        body = compressed_static.get(key) if key else None
        if body is None:
            body = gzip.compress(data, 6)
            if key:
                compressed_static[key] = body
        response.set_data(body)
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Content-Length"] = str(len(body))
        response.vary.add("Accept-Encoding")
        return response


def not_a_bundle(_err: DependencyException) -> Response:
    """404 for a bundle path Dash does not serve (``..%2f..``), never a 500 and a traceback."""
    return Response("Not found\n", status=404, mimetype="text/plain")


def shell(settings: Settings) -> html.Div:
    """What every page shares: header with navigation and classification, the alert area."""
    return html.Div([
        html.A("Skip to main content", href="#main", className="skip-link"),
        html.Header([
            dcc.Link(html.H1("Atrocity Risk Monitor"), href="/", className="brand"),
            html.Nav(_nav_links(), className="nav", **{"aria-label": "Main"}),
            _search(),
            html.Span(settings.classification, className="classification",
                      id="classification"),
            _alerts_badge(),
            _who(settings),
        ], className="app-header"),
        html.Div(id="app-alert", className="alert", hidden=True, role="alert"),
        html.Main([_freshness(), dash.page_container], id="main", tabIndex="-1"),
    ])


def _search() -> html.Form:
    """The country search of the header."""
    from dashboard.search import search_form
    from queries.countries import directory

    return search_form([entry.name for entry in directory(warehouse())])


def _freshness() -> html.Div:
    """How recent the warehouse's data are, said on every page."""
    through = warehouse().cached("data_through").column("data_through")[0].as_py()
    return freshness(through, date.today())


def _nav_links() -> list:
    """The main navigation; pages for a role appear only to those who have it."""
    from dashboard.access import current_access

    access = current_access()
    links = [dcc.Link("Overview", href="/"), dcc.Link("Watchlist", href="/watchlist"),
             dcc.Link("Gaps", href="/gaps"), dcc.Link("Coverage", href="/coverage"),
             dcc.Link("Training", href="/training"), dcc.Link("Data", href="/data")]
    if access.has("analyst"):
        links.append(dcc.Link("Upload", href="/upload"))
    if access.has("admin"):
        links.append(dcc.Link("Audit", href="/admin/audit"))
    return links


def _alerts_badge():
    """The header link to the alerts, with the unacknowledged ones that match my rule."""
    from dashboard.alert_views import badge

    return badge()


def _who(settings: Settings) -> html.Div:
    """Who is signed in, with their role and a sign-out button; or that sign-in is off."""
    from dashboard.access import LOGOUT, current_access

    access = current_access()
    if not settings.auth_enabled:
        return html.Div("Sign-in off (local demo): full access", id="access-user",
                        className="who", title="Start with --auth to require sign-in")
    return html.Div([
        html.Span(f"{access.user} ({access.role})", id="access-user"),
        html.Form(html.Button("Sign out", type="submit", className="link-button",
                              id="access-logout"), method="post", action=LOGOUT),
    ], className="who")


def show_error(err: Exception) -> None:
    """The one callback error handler: a readable alert instead of a broken panel."""
    if isinstance(err, QueryError):
        message = f"{err.title}. Try a shorter window or fewer filters."
    elif isinstance(err, AccessDenied):
        message = f"Not allowed: {err}."
    elif isinstance(err, ImportFileError):
        message = f"The file was not imported: {err}"
    elif isinstance(err, WarehouseError):
        message = f"The warehouse could not be used: {err}"
    elif isinstance(err, ValueError):
        message = f"That request could not be understood: {err}"
    else:
        message = "Something went wrong while updating this view; it has been logged."
    log.error("callback failed", exc_info=err)
    set_props("app-alert", {"children": message, "hidden": False})


def warehouse() -> Warehouse:
    """The warehouse of the app serving the current request."""
    from flask import current_app

    return current_app.config["WAREHOUSE"]
