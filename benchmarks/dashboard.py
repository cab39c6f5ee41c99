"""Dashboard benchmark: every callback against its DuckDB floor, payloads, first page load.

    python benchmarks/dashboard.py --incidents 1000000 [--repeat 7] [--work DIR]
    python benchmarks/dashboard.py --db PATH [--repeat 7]

For each server callback of the overview and of the country page (the busiest country),
in the page's default window (the last 12 months of the data) and in a wide window (all
the data), it prints:

- ``call``: the median time of the callback function itself (called directly inside the
  app context, as tests/integration/test_dashboard.py does);
- ``json``: the median time to serialise its return value the way Dash does
  (``plotly.io.json.to_json_plotly``); ``server`` = call + json;
- ``floor``: the median time of the same named SQL (``queries/sql/``, with the same bound
  parameters from ``IncidentFilter.params()``) run directly, each query on a fresh cursor
  of a separate read-only connection, fetched to Arrow: what the callback cannot beat;
- ``ratio`` = server / floor (``min r``: fastest server / fastest floor, steadier on a busy
  machine), and the response size (compact JSON with ``plotly.utils.PlotlyJSONEncoder``; a
  ``dash.Patch`` as its ``to_plotly_json()``);
- which targets the row misses. The payload target applies to answers sent after the first
  load; rows marked ``(load)`` are sent only by it (the default layer's first draw, the
  country map with its geometry), ``(file)`` is the CSV download.

Floor and callback runs alternate (one warm-up of each first), so machine noise hits both.
Targets (the issue): server <= 2x floor and < 300 ms at 10M incidents; every payload after
the first load < 300 KB; the first page load < 3 MB in total.

Then it serves the app with werkzeug in a thread and opens ``/`` and
``/country/<busiest>`` in headless Debian chromium (Playwright with ``executable_path``;
never a downloaded browser), times the map drawn and the page settled (nothing busy since,
long tasks included; see ``_READY``), and sums every response's body (as transferred,
decoded, and as gzip would send it); then it changes controls (category, dates, layer,
trend bucket; scrolls to the country page's table, which is put on the page then, and
sorts and pages it) and sums the decoded ``/_dash-update-component`` answers of each
change.

The warehouse is built once per size into ``--work`` (default: the system temp folder,
``dashbench/demo_<N>.duckdb``; 10M incidents take ~45 s and ~770 MB) and reused.
The machine is shared: every figure is a median; compare ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gzip
import importlib
import io
import json
import logging
import os
import pstats
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is called dashboard.py: keep its folder off the path, so `dashboard` is the app.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import plotly  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from plotly.io.json import to_json_plotly  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from dashboard.appstate import warehouse  # noqa: E402
from dashboard.factory import create_app  # noqa: E402
from dashboard.filters import parse_filters  # noqa: E402
from dashboard.layers import GRID_CAP, layers  # noqa: E402
from dashboard.settings import Settings  # noqa: E402
from queries.demo import build_demo  # noqa: E402
from queries.incidents import IncidentFilter, data_extent, incidents_csv  # noqa: E402
from queries.schema import connect_writer  # noqa: E402
from queries.statements import named_sql, ordered  # noqa: E402

SETUP_SQL = ROOT / "benchmarks" / "dashboard_setup.sql"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TIME_TARGET_S = 0.300
RATIO_TARGET = 2.0
PAYLOAD_TARGET = 300_000
PAGE_LOAD_TARGET = 3_000_000
DRAWN_TARGET = 2.0     # seconds from navigation to the page drawn (issue 16)
QUIET_MS = 300         # how long "drawn and idle" must hold before a load counts as done
UPDATE_URL = "/_dash-update-component"

# --- the warehouse ------------------------------------------------------------------------


def setup_sql() -> dict[str, str]:
    """The ``-- name: x`` blocks of dashboard_setup.sql."""
    blocks: dict[str, list[str]] = {}
    name = None
    for line in SETUP_SQL.read_text(encoding="utf-8").splitlines():
        if line.startswith("-- name: "):
            name = line.removeprefix("-- name: ").strip()
            blocks[name] = []
        elif name:
            blocks[name].append(line)
    return {k: "\n".join(v) for k, v in blocks.items()}


def demo_warehouse(work: Path, incidents: int) -> Path:
    """``work/demo_<incidents>.duckdb``, built (seed 7) unless it already holds exactly
    that many demo incidents."""

    path = work / f"demo_{incidents}.duckdb"
    if path.exists():
        con = duckdb.connect(str(path), read_only=True)
        try:
            held = con.execute(setup_sql()["demo_incidents"]).fetchone()[0]
        except duckdb.Error:
            held = -1
        finally:
            con.close()
        if held == incidents:
            print(f"reusing {path} ({held:,} demo incidents)", flush=True)
            return path
        path.unlink()
    work.mkdir(parents=True, exist_ok=True)
    print(f"building {path} with {incidents:,} demo incidents ...", flush=True)
    started = time.perf_counter()
    con = connect_writer(path)
    try:
        build_demo(con, incidents=incidents, seed=7)
    finally:
        con.close()
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
    return path


# --- one measured case --------------------------------------------------------------------

@dataclass
class Query:
    """One named query of a floor: name, bound parameters, optional (column, descending)."""

    name: str
    params: dict
    order_by: tuple[str, bool] | None = None

    def sql(self) -> str:
        text = named_sql(self.name)
        return ordered(text, *self.order_by) if self.order_by else text


@dataclass
class Case:
    page: str
    callback: str
    window: str
    call: Callable[[], object]
    floor: list[Query]
    # "load": the answer only the first load sends; "interaction": sent again after it;
    # "download": a file the user asked for (reported, not held to the payload target).
    kind: str = "interaction"
    results: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.page}.{self.callback}"


def run_floor(con: duckdb.DuckDBPyConnection, queries: list[Query]) -> None:
    for q in queries:
        cur = con.cursor()
        try:
            cur.sql(q.sql(), params=q.params or None).to_arrow_table()
        finally:
            cur.close()


def payload_bytes(value) -> int:
    """The response's size: compact JSON via PlotlyJSONEncoder (Patch -> to_plotly_json)."""
    return len(json.dumps(value, cls=plotly.utils.PlotlyJSONEncoder,
                          separators=(",", ":")).encode())


def measure(case: Case, con: duckdb.DuckDBPyConnection, repeat: int) -> None:
    """Median call, serialisation and floor times of ``case``, alternating the runs."""
    calls, jsons, floors, servers = [], [], [], []
    error = None
    value = None
    for i in range(repeat + 1):                      # run 0 warms both up, not counted
        started = time.perf_counter()
        run_floor(con, case.floor)
        floor_s = time.perf_counter() - started
        try:
            started = time.perf_counter()
            value = case.call()
            call_s = time.perf_counter() - started
            started = time.perf_counter()
            to_json_plotly(value)
            json_s = time.perf_counter() - started
        except Exception as exc:  # a failing callback is a finding: report it, go on
            error = f"{type(exc).__name__}: {exc}"
            call_s = time.perf_counter() - started
            json_s = 0.0
        if i:
            calls.append(call_s)
            jsons.append(json_s)
            floors.append(floor_s)
            servers.append(call_s + json_s)
    case.results = {
        "call": statistics.median(calls), "json": statistics.median(jsons),
        "floor": statistics.median(floors), "error": error,
        "best_ratio": min(servers) / min(floors) if min(floors) else float("inf"),
        "bytes": payload_bytes(value) if error is None else 0,
    }
    case.results["server"] = case.results["call"] + case.results["json"]


def profile(case: Case, top: int = 25) -> str:
    """cProfile of one more call of ``case``: the ``top`` functions by cumulative time."""
    prof = cProfile.Profile()
    prof.enable()
    with contextlib.suppress(Exception):
        case.call()
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# --- the cases ----------------------------------------------------------------------------

def cases(pages, iso3: str, windows: dict[str, tuple[date, date]],
          country_windows: dict[str, tuple[date, date]]) -> list[Case]:
    """Every server callback of the overview and of the country page, in each window."""

    ov, co = pages.overview, pages.country
    out: list[Case] = []
    default_layer = next(iter(layers()))
    for window, (d0, d1) in windows.items():
        start, end = d0.isoformat(), d1.isoformat()
        f = IncidentFilter(d0, d1)
        out.append(Case("overview", "update_kpis", window,
                        lambda s=start, e=end: ov.update_kpis(s, e, [], None),
                        [Query("window_totals", f.params()),
                         Query("window_totals", f.previous().params())]))
        for key, lay in layers().items():
            if lay.kind == "country":
                floor = [Query("country_totals", f.params())]
            else:
                floor = [Query("grid_cells", {"cap": GRID_CAP, **f.params()}),
                         Query("grid_cell_count", f.params())]
            for drawn, what in ((None, "first draw"), (key, "patch")):
                kind = "load" if drawn is None and key == default_layer else "interaction"
                out.append(Case("overview", f"update_map {key} {what}", window,
                                lambda s=start, e=end, k=key, d=drawn:
                                ov.update_map(s, e, [], None, k, d), floor, kind))
        for bucket in ("week", "month"):
            out.append(Case("overview", f"update_timeseries {bucket}", window,
                            lambda s=start, e=end, b=bucket:
                            ov.update_timeseries(s, e, [], None, b),
                            [Query("timeseries_by_category", {"bucket": bucket,
                                                              **f.params()})]))
    for window, (d0, d1) in country_windows.items():
        start, end = d0.isoformat(), d1.isoformat()
        f = IncidentFilter(d0, d1, iso3=iso3)
        args = (start, end, [], None, None)
        out.append(Case("country", "update_kpis", window,
                        lambda a=args: co.update_kpis(*a, iso3),
                        [Query("window_totals", f.params()),
                         Query("window_totals", f.previous().params())]))
        map_floor = [Query("admin1_totals", f.params()),
                     Query("incident_points", {"cap": co.POINT_CAP, **f.params()})]
        out.append(Case("country", "update_map first draw", window,
                        lambda a=args: co.update_map(*a, iso3, None),
                        map_floor + [Query("admin1_override_shapes", {"iso3": iso3})], "load"))
        out.append(Case("country", "update_map patch", window,
                        lambda a=args: co.update_map(*a, iso3, iso3), map_floor))
        out.append(Case("country", "update_timeseries", window,
                        lambda a=args: co.update_timeseries(*a, iso3),
                        [Query("timeseries_by_category", {"bucket": "month", **f.params()}),
                         Query("timeseries_by_admin1", {"bucket": "month", "top": 8,
                                                        **f.params()})]))
        out.append(Case("country", "update_actors", window,
                        lambda a=args: co.update_actors(*a, True, iso3),   # slot near
                        [Query("top_perpetrators", {"top": 10, **f.params()}),
                         Query("top_targets", {"top": 10, **f.params()})]))
        out.append(Case("country", "update_assessments", window,
                        lambda a=args: co.update_assessments(*a, None, True, iso3),
                        [Query("assessment_matrix", f.params())]))
        out.append(Case("country", "update_range_notice", window,
                        lambda a=args: co.update_range_notice(*a, iso3),
                        [Query("data_extent", {"source": "", "iso3": iso3}),
                         Query("incident_count", f.params())]))
        out.append(Case("country", "update_table_count", window,
                        lambda a=args: co.update_table_count(*a, iso3),
                        [Query("incident_count", f.params())]))
        for label, column, first in (("page 1", "event_date", 0),
                                     ("by fatalities", "fatalities", 0),
                                     ("page 40", "event_date", 39 * co.PAGE_SIZE)):
            request = {"startRow": first, "endRow": first + co.PAGE_SIZE,
                       "sortModel": [{"colId": column, "sort": "desc"}]}
            out.append(Case("country", f"table_rows {label}", window,
                            lambda a=args, r=request: co.table_rows(r, *a, iso3),
                            [Query("incident_count", f.params()),
                             Query("incident_rows", {"limit": co.PAGE_SIZE, "offset": first,
                                                     **f.params()}, (column, True))]))
        out.append(Case("country", "incidents.csv (streamed route)", window,
                        lambda f=f: _csv_text(f),
                        [Query("incident_export", f.params(), ("event_date", True))],
                        "download"))
    return out


def _csv_text(f) -> str:
    """The streamed CSV download, whole (what the route sends for filter ``f``)."""

    return b"".join(incidents_csv(warehouse(), f)).decode()


# --- the browser --------------------------------------------------------------------------

# Watches the page: counts its fetches in flight (Dash callbacks are fetches) and keeps the
# end of its latest long task (50 ms or more of the main thread's time on one task).
_WATCH_PAGE = """
(() => {
  if (window.__benchFetches !== undefined) return;
  window.__benchFetches = 0;
  window.__benchLongTaskEnd = 0;
  const original = window.fetch;
  window.fetch = function (...args) {
    window.__benchFetches += 1;
    return original.apply(this, args).finally(() => { window.__benchFetches -= 1; });
  };
  new PerformanceObserver(list => list.getEntries().forEach(task => {
    window.__benchLongTaskEnd = Math.max(window.__benchLongTaskEnd,
                                         task.startTime + task.duration);
  })).observe({type: 'longtask', buffered: true});
})();
"""

# Polled once a frame. Notes when the map first showed drawn (geo base map and its
# choropleth paths or points): __benchMapDrawnAt. True once, besides, nothing was busy
# (loading marker, fetch in flight) and the main thread had no long task for `quiet` ms:
# __benchIdleSince is when that quiet began. No frame is polled during a long task, so a
# gap of over 100 ms since the last poll counts as one ending now (the long-task
# observer's entries may arrive after the next poll).
_READY = """
([map, quiet]) => {
  const root = document.querySelector('#react-entry-point');
  const graph = document.querySelector(map);
  const drawn = !!graph && !!graph.querySelector('.main-svg')
    && Array.from(graph.querySelectorAll('.geo')).length > 0
    && Array.from(graph.querySelectorAll('.geo')).every(geo =>
         geo.querySelector('.layer path')
         && geo.querySelector('.choroplethlocation, .scattergeo .point'));
  const now = performance.now();
  const gap = now - (window.__benchLastPoll ?? now);
  window.__benchLastPoll = now;
  if (drawn && window.__benchMapDrawnAt === undefined) window.__benchMapDrawnAt = now;
  const busy = !root || !root.firstElementChild || !drawn
    || document.querySelector('._dash-loading, ._dash-loading-callback') !== null
    || (window.__benchFetches || 0) > 0;
  if (busy) {
    window.__benchIdleSince = undefined;
    return false;
  }
  const quietFrom = Math.max(window.__benchLongTaskEnd || 0, gap > 100 ? now : 0);
  window.__benchIdleSince = Math.max(window.__benchIdleSince ?? now, quietFrom);
  return now - window.__benchIdleSince >= quiet;
}
"""


@contextmanager
def serve(app):
    """Serve the Dash app on a free localhost port in a thread; yields the base URL."""

    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="bench-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Loaded:
    """What one page load or interaction fetched: (url, transferred bytes, decoded bytes,
    bytes gzip level 6 would have sent)."""

    items: list[tuple[str, int, int, int]]
    seconds: float
    blocked: list[str]
    drawn: float = float("nan")    # page clock: navigation start to the map drawn
    settled: float = float("nan")  # ... to the map drawn and the page quiet (see _READY)

    @property
    def transferred(self) -> int:
        return sum(i[1] for i in self.items)

    @property
    def decoded(self) -> int:
        return sum(i[2] for i in self.items)

    @property
    def gzipped(self) -> int:
        return sum(i[3] for i in self.items)


class Recorder:
    """Records the responses of one browser context; blocks anything not to the app."""

    def __init__(self, context, base: str) -> None:
        self.base = base
        self.responses = []
        self.blocked: list[str] = []
        context.route("**/*", self._route)
        context.on("response", lambda resp: self.responses.append(resp))

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith((self.base + "/", "data:", "blob:")) or url == self.base:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def mark(self) -> int:
        return len(self.responses)

    def since(self, mark: int, only: str | None = None) -> list[tuple[str, int, int, int]]:
        items = []
        for resp in self.responses[mark:]:
            url = resp.url.removeprefix(self.base)
            if only and not url.startswith(only):
                continue
            try:
                body = resp.body()
                decoded, gzipped = len(body), len(gzip.compress(body, 6))
            except Exception:
                decoded = gzipped = int(resp.headers.get("content-length") or 0)
            try:
                sent = resp.request.sizes()["responseBodySize"]
            except Exception:
                sent = decoded
            items.append((url, sent if sent >= 0 else decoded, decoded, gzipped))
        return items


def wait_ready(page, map_selector: str, quiet_ms: int = QUIET_MS,
               timeout_ms: int = 120_000) -> None:
    page.evaluate("window.__benchIdleSince = window.__benchLastPoll = undefined")
    page.wait_for_function(_READY, arg=[map_selector, quiet_ms], timeout=timeout_ms)


def page_clock(page) -> tuple[float, float]:
    """Seconds from navigation to the map drawn, and to the page settled, of a page
    :func:`wait_ready` has waited for."""
    drawn, settled = page.evaluate("[window.__benchMapDrawnAt, window.__benchIdleSince]")
    return drawn / 1000, settled / 1000


def choose(page, dropdown_id: str, text: str) -> None:
    """Pick the option labelled ``text`` in a dcc.Dropdown (Dash 4: a button that opens a
    listbox of ``role=option`` labels)."""
    page.click(f"#{dropdown_id}")
    page.locator("[role=listbox] [role=option]").filter(has_text=text).first.click()
    page.keyboard.press("Escape")


def set_date(page, picker_id: str, which: str, value: date) -> None:
    """Type a date into one end of a dcc.DatePickerRange (Dash 4: the start input has the
    picker's id, the end input ``<id>-end-date``) and confirm it."""
    box = page.locator(f"#{picker_id}" if which == "start" else f"#{picker_id}-end-date")
    box.click()
    box.fill(value.strftime("%-d %b %Y"))
    box.press("Enter")
    page.keyboard.press("Escape")


def browser_runs(app, iso3: str, starts: dict[str, date], repeat: int) -> dict:
    """First loads of ``/`` and ``/country/<iso3>`` (``repeat`` each, fresh contexts) and
    the payload of interactions after the first load; ``starts`` holds each page's
    default window start (keyed ``overview`` and ``country``)."""


    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    out: dict = {"loads": {}, "interactions": []}
    pages = {"/": "#overview-map", f"/country/{iso3}": "#country-map"}
    with serve(app) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=CHROMIUM_ARGS)
        try:
            for path, map_selector in pages.items():
                loads = []
                for _ in range(repeat):
                    context = browser.new_context(viewport={"width": 1366, "height": 900},
                                                  service_workers="block")
                    context.add_init_script(_WATCH_PAGE)
                    rec = Recorder(context, base)
                    page = context.new_page()
                    started = time.perf_counter()
                    page.goto(base + path)
                    wait_ready(page, map_selector)
                    seconds = time.perf_counter() - started
                    drawn, settled = page_clock(page)
                    loads.append(Loaded(rec.since(0), seconds, list(rec.blocked), drawn,
                                        settled))
                    if len(loads) == repeat:         # interactions on the last page only
                        out["interactions"] += interactions(page, rec, path, map_selector,
                                                            starts)
                    context.close()
                out["loads"][path] = loads
        finally:
            browser.close()
    return out


def scroll_to_grid(page) -> None:
    """Scroll to the country page's incident table, which is put on the page then, and wait
    for its first rows."""
    page.locator("#country-incidents").scroll_into_view_if_needed()
    page.locator("#country-incident-table .ag-center-cols-container .ag-row").first.wait_for()


def interactions(page, rec: Recorder, path: str, map_selector: str,
                 starts: dict[str, date]) -> list[tuple[str, str, Loaded]]:
    """Change controls one after another; each row is what the change fetched."""
    prefix = "overview" if path == "/" else "country"
    default_from = starts[prefix]
    steps: list[tuple[str, Callable[[], None]]] = [
        ("category: + Armed conflict",
         lambda: choose(page, f"{prefix}-category", "Armed conflict")),
        ("start date: one month later",
         lambda: set_date(page, f"{prefix}-dates", "start",
                          default_from.replace(month=default_from.month % 12 + 1,
                                               year=default_from.year
                                               + (default_from.month == 12)))),
    ]
    if prefix == "overview":
        steps += [("layer: Fatalities by country",
                   lambda: choose(page, "overview-layer", "Fatalities by country")),
                  ("layer: Incident density (PRIO-GRID)",
                   lambda: choose(page, "overview-layer", "Incident density (PRIO-GRID 0.5°)")),
                  ("trend: weekly",
                   lambda: page.get_by_label("Weekly").check())]
    else:
        steps += [("table: scrolled to (the grid put there)",
                   lambda: scroll_to_grid(page)),
                  ("table: sort by fatalities",
                   lambda: page.locator("#country-incident-table .ag-header-cell"
                                        "[col-id=fatalities] .ag-header-cell-label").click()),
                  ("table: next page",
                   lambda: page.locator("#country-incident-table .ag-paging-button"
                                        "[aria-label='Next Page']").click())]
    out = []
    for label, act in steps:
        mark = rec.mark()
        started = time.perf_counter()
        try:
            act()
            wait_ready(page, map_selector)
        except Exception as exc:
            out.append((path, f"{label} (failed: {type(exc).__name__})",
                        Loaded([], 0.0, [])))
            continue
        out.append((path, label, Loaded(rec.since(mark, UPDATE_URL),
                                        time.perf_counter() - started, [])))
    return out


# --- the report ---------------------------------------------------------------------------

def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def kb(n: int) -> str:
    return f"{n / 1000:,.1f}"


def print_table(all_cases: list[Case], incidents: int) -> None:
    print(f"\nDashboard callbacks, {incidents:,} incidents (medians; ms; KB = 1000 bytes; "
          "'min r' = fastest server / fastest floor, less sensitive to a busy machine)\n")
    head = ("callback", "window", "call", "json", "server", "floor", "ratio", "min r",
            "KB", "targets")
    widths = (50, 9, 9, 7, 9, 9, 6, 6, 9, 23)
    print("| " + " | ".join(h.ljust(w) if i < 2 else h.rjust(w)
                             for i, (h, w) in enumerate(zip(head, widths, strict=True))) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for c in all_cases:
        r = c.results
        if r["error"]:
            row = (c.label, c.window, ms(r["call"]), "", "", ms(r["floor"]), "", "", "",
                   "ERROR")
        else:
            ratio = r["server"] / r["floor"] if r["floor"] else float("inf")
            row = (c.label, c.window, ms(r["call"]), ms(r["json"]), ms(r["server"]),
                   ms(r["floor"]), f"{ratio:.1f}x", f"{r['best_ratio']:.1f}x", kb(r["bytes"]),
                   verdict(c, ratio))
        print("| " + " | ".join(str(v).ljust(w) if i < 2 else str(v).rjust(w)
                                 for i, (v, w) in enumerate(zip(row, widths, strict=True)))
              + " |")
    errors = [c for c in all_cases if c.results["error"]]
    for c in errors:
        print(f"\nERROR {c.label} ({c.window}): {c.results['error']}")


def verdict(c: Case, ratio: float) -> str:
    """Which targets the case misses: 'ratio', 'time', 'payload' (or 'ok')."""
    r = c.results
    missed = []
    if ratio > RATIO_TARGET:
        missed.append("ratio")
    if r["server"] >= TIME_TARGET_S:
        missed.append("300ms")
    if c.kind == "interaction" and r["bytes"] >= PAYLOAD_TARGET:
        missed.append("300KB")
    note = {"load": " (load)", "download": " (file)"}.get(c.kind, "")
    return ("miss " + ",".join(missed) if missed else "ok") + note


def print_each_load(loads_by_path: dict[str, list[Loaded]]) -> None:
    """Every load's map clock in the order run, so a median hides neither the spread nor
    the first load, the server's first answer to that page since it started."""
    print("\nEach load, in order (map s / settled s; the first is the server's first "
          "answer to that page):")
    for path, loads in loads_by_path.items():
        each = ", ".join(f"{lo.drawn:.2f}/{lo.settled:.2f}" for lo in loads)
        slowest = max(lo.drawn for lo in loads)
        print(f"  {path:<22} {each}  (slowest map {slowest:.2f} s)")


def print_browser(result: dict) -> None:
    print("\nFirst page load in headless chromium (fresh context each; median of "
          f"{len(next(iter(result['loads'].values())))} loads)\n")
    print(f"| {'page':<22} | {'transferred KB':>14} | {'decoded KB':>11} | {'if gzip KB':>10} "
          f"| {'requests':>8} | {'map s':>5} | {'< 2 s':>5} | {'settled s':>9} | {'< 2 s':>5} "
          f"| {'load s':>6} | {'< 3 MB':>6} |")
    print(f"|{'-' * 24}|{'-' * 16}|{'-' * 13}|{'-' * 12}|{'-' * 10}|{'-' * 7}|{'-' * 7}"
          f"|{'-' * 11}|{'-' * 7}|{'-' * 8}|{'-' * 8}|")
    for path, loads in result["loads"].items():
        sent = statistics.median(lo.transferred for lo in loads)
        decoded = statistics.median(lo.decoded for lo in loads)
        gzipped = statistics.median(lo.gzipped for lo in loads)
        n = statistics.median(len(lo.items) for lo in loads)
        secs = statistics.median(lo.seconds for lo in loads)
        drawn = statistics.median(lo.drawn for lo in loads)
        settled = statistics.median(lo.settled for lo in loads)
        print(f"| {path:<22} | {kb(sent):>14} | {kb(decoded):>11} | {kb(gzipped):>10} "
              f"| {n:>8.0f} | {drawn:>5.2f} | {_met(drawn < DRAWN_TARGET):>5} "
              f"| {settled:>9.2f} | {_met(settled < DRAWN_TARGET):>5} "
              f"| {secs:>6.2f} | {_met(sent < PAGE_LOAD_TARGET):>6} |")
    print(f"\nThe page's clock from navigation: map = to the map drawn (the first screen); "
          f"settled = to the map drawn with nothing busy since (no fetch in flight, no "
          f"loading marker, no long task). load: the script's clock from goto() to settled "
          f"and {QUIET_MS} ms of quiet.")
    print_each_load(result["loads"])
    for path, loads in result["loads"].items():
        last = loads[-1]
        print(f"\nBiggest items of {path} (transferred KB / decoded KB / if gzip KB):")
        by_url: dict[str, list[int]] = {}
        for url, sent, decoded, gzipped in last.items:
            key = url.split("?")[0]
            if key == UPDATE_URL:
                key = f"{UPDATE_URL} (all callbacks)"
            got = by_url.setdefault(key, [0, 0, 0, 0])
            got[0] += sent
            got[1] += decoded
            got[2] += gzipped
            got[3] += 1
        for url, (sent, decoded, gzipped, n) in sorted(by_url.items(),
                                                       key=lambda kv: -kv[1][0])[:8]:
            times = f" x{n}" if n > 1 else ""
            print(f"  {kb(sent):>9} / {kb(decoded):>9} / {kb(gzipped):>8}  {url[:80]}{times}")
        if last.blocked:
            print(f"  BLOCKED requests leaving the app: {last.blocked}")
    print("\nInteractions after the first load (sum of /_dash-update-component answers)\n")
    print(f"| {'page':<14} | {'change':<40} | {'KB':>9} | {'answers':>7} | {'s':>6} "
          f"| {'< 300 KB':>8} |")
    print(f"|{'-' * 16}|{'-' * 42}|{'-' * 11}|{'-' * 9}|{'-' * 8}|{'-' * 10}|")
    for path, label, loaded in result["interactions"]:
        size = loaded.decoded
        biggest = max(loaded.items, key=lambda i: i[2], default=None)
        print(f"| {path[:14]:<14} | {label[:40]:<40} | {kb(size):>9} | {len(loaded.items):>7} "
              f"| {loaded.seconds:>6.2f} | {'yes' if size < PAYLOAD_TARGET else 'NO':>8} |"
              + (f" biggest answer {kb(biggest[2])} KB" if biggest and size >= PAYLOAD_TARGET
                 else ""))


def _met(target_met: bool) -> str:
    return "yes" if target_met else "NO"


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


# --- main ---------------------------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=1_000_000,
                        help="size of the demo warehouse to build or reuse")
    parser.add_argument("--db", type=Path, help="use this warehouse instead of a demo one")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "dashbench",
                        help="where demo warehouses are built and kept")
    parser.add_argument("--repeat", type=int, default=7, help="runs per figure (median)")
    parser.add_argument("--only", default="", help="only callbacks whose label contains this")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser part")
    parser.add_argument("--browser-only", action="store_true", help="only the browser part")
    parser.add_argument("--profile", default="",
                        help="print a cProfile of the callbacks whose label contains this")
    args = parser.parse_args(argv)
    db = args.db or demo_warehouse(args.work, args.incidents)


    con = duckdb.connect(str(db), read_only=True)
    iso3, busiest = con.execute(setup_sql()["busiest_country"]).fetchone()
    incidents = con.execute("SELECT count(*) FROM incidents").fetchone()[0]
    app = create_app(Settings(db=db))
    with app.server.app_context():

        # a page module can be imported only once an app with pages exists
        pages = type("Pages", (), {name: importlib.import_module(f"dashboard.pages.{name}")
                                   for name in ("overview", "country")})
        wh = app.server.config["WAREHOUSE"]
        first, last = data_extent(wh)
        ov_default = parse_filters(wh, {}).filter
        co_default = parse_filters(wh, {}, iso3).filter
        print(f"{db}: {incidents:,} incidents, {first} .. {last}; busiest country {iso3} "
              f"({busiest:,}); default windows: overview {ov_default.date_from} .. "
              f"{ov_default.date_to}, {iso3} {co_default.date_from} .. {co_default.date_to}",
              flush=True)
        todo: list[Case] = []
        if not args.browser_only:
            load_before = _load()
            todo = cases(pages, iso3,
                         {"12 months": (ov_default.date_from, ov_default.date_to),
                          "all": (first, last)},
                         {"12 months": (co_default.date_from, co_default.date_to),
                          "all": (first, last)})
            todo = [c for c in todo if args.only in c.label]
            for c in todo:
                measure(c, con, args.repeat)
                r = c.results
                print(f"  {c.label} [{c.window}]: server {ms(r['server'])} ms, floor "
                      f"{ms(r['floor'])} ms, {kb(r['bytes'])} KB"
                      + (f"  {r['error']}" if r["error"] else ""), flush=True)
                if args.profile and args.profile in c.label:
                    print(profile(c), flush=True)
            print_table(todo, incidents)
            print("\nload average (1, 5, 15 min) before / after the callbacks: "
                  f"{load_before} / {_load()}")
    con.close()
    if not args.no_browser:
        result = browser_runs(app, iso3, {"overview": ov_default.date_from,
                                          "country": co_default.date_from},
                              max(args.repeat, 1))
        print_browser(result)
    failed = [c.label for c in todo if c.results["error"]]
    if failed:
        print(f"error rows: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
