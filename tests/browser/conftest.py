"""Browser tests: the real app, served from a real warehouse, driven by headless Chromium.

Fixtures (see each docstring):

- ``browser_warehouse`` (session): a warehouse file with the demo world and the real UCDP
  sample, built once.
- ``base_url`` (session): ``create_app`` over that warehouse, served on a free localhost port.
- ``browser`` (session): Debian's ``chromium`` driven by Playwright (never a downloaded
  browser); the tests fail, not skip, when it is missing.
- ``browser_log`` and ``page``: a fresh 1366x768 page per test that blocks and records every
  request leaving the app, and fails the test on any such request, console error, uncaught
  page error, HTTP error answer or visible app alert.

Helper fixtures, bound to the test's page: ``wait_for_dash()`` (until Dash has rendered and
no callback is running), ``wait_for_graph(selector)`` (until plotly has drawn, geo base maps
included), ``screenshot(name)`` (a PNG in ``tmp_path``), ``serve`` (serve another app). Every
test here is marked ``browser`` (``pytest -m "not browser"`` leaves them out).
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import UCDP_SAMPLE

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic",
]
VIEWPORT = {"width": 1366, "height": 768}
TIMEOUT_MS = 15_000          # default wait for any Playwright action or expectation
DEMO_INCIDENTS = 20_000
LOCAL_SCHEMES = ("data:", "blob:", "about:")
AXE_PACKAGE = Path(__file__).parent            # package.json: axe-core, pinned
AXE_SCRIPT = AXE_PACKAGE / "node_modules" / "axe-core" / "axe.min.js"

# Counts the page's requests in flight (Dash callbacks are fetches; plotly's topojson may
# come by XMLHttpRequest), for wait_until_dash_idle.
_COUNT_REQUESTS = """
(() => {
  if (window.__atriskPending !== undefined) return;
  window.__atriskPending = 0;
  const done = () => { window.__atriskPending -= 1; };
  const fetch = window.fetch;
  window.fetch = function (...args) {
    window.__atriskPending += 1;
    return fetch.apply(this, args).finally(done);
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    window.__atriskPending += 1;
    this.addEventListener('loadend', done, {once: true});
    return send.apply(this, args);
  };
})();
"""

# True once Dash has rendered and nothing was busy for `quiet` ms (see wait_for_dash).
_DASH_IDLE = """
(quiet) => {
  const root = document.querySelector('#react-entry-point');
  const busy = !root || !root.firstElementChild
    || document.querySelector('._dash-loading, ._dash-loading-callback, .dash-graph--pending')
       !== null
    || (window.__atriskPending || 0) > 0;
  const now = performance.now();
  if (busy || window.__atriskIdleSince === undefined) {
    window.__atriskIdleSince = busy ? undefined : now;
    return false;
  }
  return now - window.__atriskIdleSince >= quiet;
}
"""


def pytest_collection_modifyitems(items):
    """Mark every test under tests/browser as ``browser``."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so ``page`` can screenshot a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# --- the app ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser_warehouse(tmp_path_factory) -> Path:
    """A warehouse file built once per session: the demo world (20,000 incidents, seed 7)
    plus the real UCDP GED 23.1 sample for the Central African Republic (1,848 events), and
    the analytics computed from both. The writer connection is closed, so the app can open
    it read-only."""
    from queries.analytics.refresh import refresh_analytics
    from queries.demo import build_demo
    from queries.importing.registry import import_file
    from queries.schema import connect_writer

    if not UCDP_SAMPLE.exists():
        pytest.fail(f"the shared UCDP sample is missing: {UCDP_SAMPLE}", pytrace=False)
    path = tmp_path_factory.mktemp("browser") / "warehouse.duckdb"
    con = connect_writer(path)
    try:
        build_demo(con, incidents=DEMO_INCIDENTS, seed=7)
        import_file(con, "ucdp", UCDP_SAMPLE)
        refresh_analytics(con)
    finally:
        con.close()
    return path


@contextmanager
def serve_app(app) -> Iterator[str]:
    """Serve a Dash app (or any WSGI app with ``.server``) on a free localhost port in a
    background thread; yields its base URL without a trailing slash."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, getattr(app, "server", app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="dash-test-server",
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def dash_app(browser_warehouse):
    """``create_app`` over the session's warehouse (default settings otherwise)."""
    from dashboard import create_app
    from dashboard.settings import Settings

    app = create_app(Settings(db=browser_warehouse))
    yield app
    warehouse = app.server.config.get("WAREHOUSE")
    if warehouse is not None and hasattr(warehouse, "close"):
        warehouse.close()


@pytest.fixture(scope="session")
def base_url(dash_app) -> Iterator[str]:
    """Where the app answers, e.g. ``http://127.0.0.1:41234`` (no trailing slash)."""
    with serve_app(dash_app) as url:
        yield url


# --- the browser --------------------------------------------------------------------------

def chromium_path() -> str:
    """Debian's chromium; fails the test (never skips) when it is not installed."""
    found = shutil.which("chromium")
    if found:
        return found
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    pytest.fail("Browser tests need Debian's chromium and it is not installed: run "
                "`apt-get install -y chromium` (.ci/run does). Do not `playwright install`.",
                pytrace=False)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless system chromium driven by Playwright, one per session."""
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail('Browser tests need Playwright: pip install -e ".[test]"', pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class BrowserLog:
    """What a page did that a test should fail on. ``page`` checks it after the test; a test
    that provokes one of these on purpose asserts on it and then clears the list (or sets
    ``alert_expected``)."""

    base_url: str
    blocked: list[str] = field(default_factory=list)         # requests leaving the app
    console_errors: list[str] = field(default_factory=list)  # console.error and the like
    page_errors: list[str] = field(default_factory=list)     # uncaught exceptions
    http_errors: list[str] = field(default_factory=list)     # app answers with status >= 400
    alerts: list[str] = field(default_factory=list)          # text of a visible #app-alert
    alert_expected: bool = False                              # a visible #app-alert is fine

    def is_local(self, url: str) -> bool:
        app = self.base_url.removeprefix("http")              # ws:// shares host and port
        return (url.startswith(LOCAL_SCHEMES) or url == self.base_url
                or url.startswith((self.base_url + "/", "ws" + app + "/")))

    def block(self, url: str) -> None:
        if url not in self.blocked:
            self.blocked.append(url)

    def problems(self) -> list[str]:
        lines = []
        for title, items in (("requests leaving the app (blocked)", self.blocked),
                             ("console errors", self.console_errors),
                             ("uncaught page errors", self.page_errors),
                             ("HTTP errors from the app", self.http_errors),
                             ("app alerts shown (set alert_expected if intended)", self.alerts)):
            if items:
                lines.append(f"{title}:")
                lines.extend(f"  {item}" for item in items)
        return lines


@pytest.fixture
def browser_log(base_url) -> BrowserLog:
    """The record the ``page`` fixture keeps of the current test's page."""
    return BrowserLog(base_url)


def watch(context: BrowserContext, log: BrowserLog) -> None:
    """Block every request that leaves ``log.base_url`` and record it with errors."""

    def on_route(route):
        url = route.request.url
        if log.is_local(url):
            route.continue_()
        else:
            log.block(url)
            route.abort("blockedbyclient")

    def on_request(req):  # also sees what routing does not (e.g. web sockets)
        if not log.is_local(req.url):
            log.block(req.url)

    def on_console(message):
        # A blocked request also logs "net::ERR_BLOCKED_BY_CLIENT": already in log.blocked.
        if message.type == "error" and "ERR_BLOCKED_BY_CLIENT" not in message.text:
            where = message.location.get("url", "")
            log.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def on_response(resp):
        if resp.status >= 400 and log.is_local(resp.url):
            log.http_errors.append(f"{resp.status} {resp.request.method} {resp.url}")

    def on_page(new_page):
        new_page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
        new_page.on("websocket", on_request)

    context.route("**/*", on_route)
    context.on("request", on_request)
    context.on("console", on_console)
    context.on("response", on_response)
    context.on("page", on_page)


@pytest.fixture
def page(browser, base_url, browser_log, request, tmp_path) -> Iterator[Page]:
    """A fresh page (own context, 1366x768, ``base_url`` set so ``page.goto("/data")``
    works) that fails the test on external requests, console errors, page errors, HTTP
    errors from the app or a visible ``#app-alert``. A failed test leaves ``failure.png``
    in its ``tmp_path``."""
    context = browser.new_context(viewport=VIEWPORT, base_url=base_url,
                                  service_workers="block",
                                  bypass_csp=request.node.get_closest_marker("axe") is not None)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(_COUNT_REQUESTS)
    watch(context, browser_log)
    page = context.new_page()
    try:
        yield page
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            shot = save_screenshot(page, tmp_path, "failure")
            print(f"screenshot of the failed page: {shot}")
        alert = page.locator("#app-alert")
        if not browser_log.alert_expected and alert.count() and alert.first.is_visible():
            browser_log.alerts.append(alert.first.inner_text())
    finally:
        context.close()
    problems = browser_log.problems()
    assert not problems, "the page misbehaved:\n" + "\n".join(problems)


# --- helpers ------------------------------------------------------------------------------

def wait_until_dash_idle(page: Page, quiet_ms: int = 150, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until Dash has rendered the layout and nothing was busy for ``quiet_ms``: no
    ``._dash-loading`` / ``._dash-loading-callback`` element (callbacks running), no
    ``.dash-graph--pending`` graph (plotly loading or drawing, topojson included), no fetch
    or XMLHttpRequest in flight. Call it after ``goto`` and after every click or input."""
    page.evaluate("window.__atriskIdleSince = undefined")
    page.wait_for_function(_DASH_IDLE, arg=quiet_ms, timeout=timeout_ms)


def wait_until_graph_drawn(page: Page, selector: str = ".js-plotly-plot",
                   timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until the plotly graph(s) matched by ``selector`` have drawn their SVG; geo
    subplots also wait for their base map (the topojson) to be drawn."""
    page.wait_for_function(
        """(sel) => {
             const graphs = document.querySelectorAll(sel);
             return graphs.length > 0 && Array.from(graphs).every(g =>
               g.querySelector('.main-svg') &&
               Array.from(g.querySelectorAll('.geo')).every(geo =>
                 geo.querySelector('.layer path, .choroplethlocation')));
           }""",
        arg=selector, timeout=timeout_ms)


def save_screenshot(page: Page, tmp_path: Path, name: str, full_page: bool = True) -> Path:
    """Save a PNG of the page as ``tmp_path/<name>.png`` (for debugging); returns its path."""
    path = Path(tmp_path) / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# The helpers as fixtures bound to the test's page, so test modules import nothing from here.

@pytest.fixture
def wait_for_dash(page):
    """``wait_for_dash()``: :func:`wait_until_dash_idle` on the test's page."""
    return lambda **kwargs: wait_until_dash_idle(page, **kwargs)


@pytest.fixture
def wait_for_graph(page):
    """``wait_for_graph(selector=".js-plotly-plot")``: :func:`wait_until_graph_drawn`."""
    return lambda selector=".js-plotly-plot", **kwargs: wait_until_graph_drawn(
        page, selector, **kwargs)


@pytest.fixture
def screenshot(page, tmp_path):
    """``screenshot("name")`` saves ``tmp_path/name.png`` of the test's page, returns the path."""
    return lambda name, **kwargs: save_screenshot(page, tmp_path, name, **kwargs)


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's script from its npm package, installed here from package-lock.json by
    ``npm ci`` on first use (the npm registry, never a CDN)."""
    if not AXE_SCRIPT.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("axe-core is missing and npm is not installed: apt-get install npm")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(AXE_PACKAGE)],
                       check=True, capture_output=True, timeout=300)
    return AXE_SCRIPT


@pytest.fixture
def axe(page, axe_script):
    """``axe()``: run axe-core on the test's page and return its serious and critical
    violations as readable lines. The test must be marked ``axe``, so that its page lets
    the injected script run (CSP)."""

    def run() -> list[str]:
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        return [f"{v['id']} ({v['impact']}): {node['target']} {node['html'][:160]}"
                for v in result["violations"] if v["impact"] in ("serious", "critical")
                for node in v["nodes"]]
    return run


@pytest.fixture(scope="session")
def serve():
    """``with serve(app) as url:`` serves another Dash app (e.g. other ``Settings``) for one
    test; point ``page.goto(url)`` at it (``page`` allows only ``base_url``'s host and port,
    so use ``browser_log.base_url = url`` first)."""
    return serve_app
