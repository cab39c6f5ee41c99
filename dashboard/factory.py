"""The app factory: ``create_app(settings)`` builds the Dash app for one warehouse, with the
sign-in gate, the routes beside the pages, compression and the one callback error handler."""

from __future__ import annotations

import functools
import gzip
import mimetypes
import re
import threading
from pathlib import Path

import dash
from dash.exceptions import DependencyException
from flask import Flask, Response, request

from dashboard import appstate
from dashboard.access import guard_page_layouts, install_access
from dashboard.appstate import warehouse
from dashboard.downloads import register_downloads
from dashboard.errors import show_error
from dashboard.exports.routes import register_export_routes
from dashboard.feeds import register_feed
from dashboard.maps import register_base_map, warm_up
from dashboard.search import names_list, register_search
from dashboard.settings import Settings
from dashboard.shell import shell, validation_layout

_ASSETS = Path(__file__).resolve().parent.parent / "assets"


def create_app(settings: Settings) -> dash.Dash:
    """The app for one warehouse; tests pass their own ``settings``. Refuses (ValueError)
    sign-in without a secret key outside demo mode."""
    settings.checked()
    app = dash.Dash(
        "dashboard",  # the package: pages are then the modules dashboard.pages.*
        use_pages=True,
        pages_folder=str(Path(__file__).parent / "pages"),
        assets_folder=str(_ASSETS),
        serve_locally=True,
        title="Atrocity Risk Monitor",
        update_title=None,
        on_error=show_error,
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    customise_index(app)
    appstate.attach(app.server, settings)
    app.validation_layout = validation_layout()
    keep_declared_validation_layout(app)
    app.layout = lambda: shell(settings)  # per request: it names who is signed in
    app.server.add_url_rule("/health", "health", lambda: {"status": "ok"})
    app.server.register_error_handler(DependencyException, not_a_bundle)
    install_access(app, settings)
    guard_page_layouts()
    install_compression(app.server, _ASSETS)
    register_downloads(app.server)
    register_export_routes(app.server)
    register_search(app.server)
    register_feed(app.server)
    register_base_map(app.server)
    threading.Thread(target=warm_up, name="map-warm-up", daemon=True).start()
    return app


# Dash's <script> tag for @babel/polyfill (core-js 2 and regenerator-runtime)
_BABEL_POLYFILL = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>\n?')
# Dash's <script> tag for dash-ag-grid's main script, and what stands in its place
_AG_GRID_SCRIPT = re.compile(
    r'<script src="([^"]*/dash_ag_grid/dash_ag_grid\.[^"]*\.js)"></script>')
_AG_GRID_LATER = r'<link rel="prefetch" as="script" href="\1" data-lazy-namespace="dash_ag_grid">'


def customise_index(app: dash.Dash) -> None:
    """Every page's HTML as Dash writes it, with three changes:

    - the country names the search boxes suggest, as plain HTML beside Dash's root
      (:func:`dashboard.search.names_list`);
    - no @babel/polyfill. Dash loads it first, for browsers that lack ES2015-2017; the
      browsers React 18 runs in have all of it natively. Its evaluation was the first
      load's first long task (about 0.2 s in a trace of /country/<ISO3>). Dash's bundles
      need only its regeneratorRuntime (their lazy-loaded components), which
      ``assets/vendor/regenerator-runtime.js`` defines. Measured with
      benchmarks/first_load_ab.py at 1M incidents, three runs of 16-24 pairs: the country
      page's map drawn 0.03-0.21 s sooner (0.10 s on average; docs/deployment.md);
    - dash-ag-grid's main script (1.3 MB) not run with the page: a ``<link rel=prefetch>``
      names it, and ``assets/lazy_ag_grid.js`` stands in for it until a grid is first
      drawn, then loads it. Most first screens have no grid (the country page's table is
      put there when near). Two runs of 20 pairs: both pages' maps drawn about 0.05 s
      sooner.
    """
    interpolate = app.interpolate_index

    def index(**parts) -> str:
        parts["scripts"] = _AG_GRID_SCRIPT.sub(_AG_GRID_LATER,
                                              _BABEL_POLYFILL.sub("", parts["scripts"]))
        parts["app_entry"] += names_list(warehouse())
        return interpolate(**parts)

    app.interpolate_index = index


def keep_declared_validation_layout(app: dash.Dash) -> None:
    """Keep the data-free validation layout we declare. Dash's pages router, on the first
    request, would otherwise replace it with every page's layout built for whoever asked
    first (the shell naming that person, the data page's tables) and send that to everyone.
    Its one-time setup runs here with validation suppressed, so it builds nothing; callback
    validation stays on for every request after it."""
    hooks = app.server.before_request_funcs.setdefault(None, [])
    router = next((hook for hook in hooks if hook.__name__ == "router_sync"), None)
    if router is None:
        raise RuntimeError(
            f"Dash {dash.__version__}: its pages router (router_sync) was not "
            "found among the server's before_request hooks"
        )
    lock = threading.Lock()

    def router_without_validation_layout():
        with lock:
            app.config.suppress_callback_exceptions = True
            try:
                return router()
            finally:
                app.config.suppress_callback_exceptions = False

    hooks[hooks.index(router)] = router_without_validation_layout


_COMPRESSIBLE = {
    "application/javascript",
    "text/javascript",
    "application/json",
    "text/css",
    "text/html",
    "image/svg+xml",
    "text/plain",
}
_STATIC = ("/_dash-component-suites/", "/assets/")
_SMALLEST_COMPRESSED = 1024  # bytes: below this, gzip's header outweighs what it saves


# gzipped static files by (path, size), shared by the process's apps: the same files
_compressed_static: dict[tuple[str, int], bytes] = {}


def install_compression(server: Flask, assets: Path) -> None:
    """gzip what the browser accepts compressed (plotly.js: 4.8 MB -> 1.5 MB); static files
    are compressed once per process and remembered, the files of ``assets`` (plotly.js,
    the base maps) already at start, in the background: a process's first page waited for
    them (0.15 s of one core)."""
    _compress_assets_in_background(assets)

    @server.after_request
    def gzip_response(response):
        if not _compressible(response):
            return response
        response.direct_passthrough = False
        data = response.get_data()
        if len(data) < _SMALLEST_COMPRESSED:
            return response
        key = (request.path, len(data)) if request.path.startswith(_STATIC) else None
        body = _compressed_static.get(key) if key else None
        if body is None:
            body = gzip.compress(data, 6)
            if key:
                _compressed_static[key] = body
        response.set_data(body)
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Content-Length"] = str(len(body))
        response.vary.add("Accept-Encoding")
        return response


@functools.cache
def _compress_assets_in_background(folder: Path) -> None:
    """Start :func:`_compress_assets` on ``folder``, once per process."""
    threading.Thread(target=_compress_assets, args=(folder,), name="compress-assets",
                     daemon=True).start()


def _compress_assets(folder: Path) -> None:
    """Remember the gzipped body of every compressible file in ``folder``, keyed as
    :func:`install_compression` looks it up (its path under ``/assets/``, its size)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and mimetypes.guess_type(path.name)[0] in _COMPRESSIBLE:
            data = path.read_bytes()
            if len(data) >= _SMALLEST_COMPRESSED:
                key = (f"/assets/{path.relative_to(folder).as_posix()}", len(data))
                _compressed_static[key] = gzip.compress(data, 6)


def _compressible(response) -> bool:
    """Whether ``response`` is a full, uncompressed text answer the client takes gzipped."""
    return (
        response.status_code == 200
        and not response.headers.get("Content-Encoding")
        and response.mimetype in _COMPRESSIBLE
        and "gzip" in request.headers.get("Accept-Encoding", "")
    )


def not_a_bundle(_err: DependencyException) -> Response:
    """404 for a bundle path Dash does not serve (``..%2f..``), never a 500 and a traceback."""
    return Response("Not found\n", status=404, mimetype="text/plain")


