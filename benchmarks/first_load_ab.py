"""First page load, two versions of the app side by side: is a change faster, and by how much?

    python benchmarks/first_load_ab.py --db PATH --base REF [--change DIR] [--page PATH]
                                       [--pairs 16]

``--base`` is a git ref (checked out into a temporary worktree) or a checkout's folder;
``--change`` is a checkout's folder (default: this one, with its uncommitted edits).

Why not run ``benchmarks/dashboard.py`` twice: the machine is shared and its speed drifts by
a fifth within minutes, so two runs a few minutes apart differ by as much as the effects
worth measuring (50-150 ms of a 2 s load), and medians of five loads from a single run
differ by 0.3 s from the next. Here both versions are served at once, each in its own
process from its own checkout, on the same warehouse, and the page is loaded in a fresh
browser context from each in turn: base then change, then change then base, and so on
(the order alternates, so neither side always goes first). Drift then hits both sides of
each pair alike, and the paired differences (change - base) say what the change did.

A load has two times, as ``benchmarks/dashboard.py`` measures them: from navigation to the
page's map drawn, and to the page settled (the map drawn and nothing busy since: no fetch,
no loading marker, no long task on the main thread). One pair of loads first warms both
servers and is not counted. Prints, for each time, each side's median, then the paired
differences: their median, their mean with a bootstrap 95% interval, and how many pairs
the change won.
An interval that straddles 0 means the change made no difference this run could see.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.dashboard import (  # noqa: E402
    _WATCH_PAGE,
    CHROMIUM,
    CHROMIUM_ARGS,
    page_clock,
    wait_ready,
)

VIEWPORT = {"width": 1366, "height": 900}
RESAMPLES = 2000
START_TIMEOUT_S = 120
# The server child: the app of the checkout on its PYTHONPATH, on a free port it prints.
SERVE = """
import logging, sys
from pathlib import Path
from werkzeug.serving import make_server
from dashboard.factory import create_app
from dashboard.settings import Settings
logging.getLogger("werkzeug").setLevel(logging.ERROR)
server = make_server("127.0.0.1", 0, create_app(Settings(db=Path(sys.argv[1]))).server,
                     threaded=True)
print(server.server_port, flush=True)
server.serve_forever()
"""


@dataclass(frozen=True)
class Paired:
    """Paired differences (change - base) of first-load times, in seconds."""

    median: float
    mean: float
    low: float    # bootstrap 95% interval of the mean
    high: float
    change_faster: int
    pairs: int


def paired(base: list[float], change: list[float], resamples: int = RESAMPLES,
           seed: int = 0) -> Paired:
    """The differences ``change[i] - base[i]``, summarised; the interval of their mean comes
    from ``resamples`` bootstrap resamples of the pairs (seeded: the same loads give the same
    interval)."""
    if len(base) != len(change) or not base:
        raise ValueError(f"need as many base as change loads, at least one: "
                         f"{len(base)} and {len(change)}")
    diffs = [c - b for b, c in zip(base, change, strict=True)]
    draw = random.Random(seed)
    means = sorted(statistics.fmean(draw.choices(diffs, k=len(diffs)))
                   for _ in range(resamples))
    return Paired(median=statistics.median(diffs), mean=statistics.fmean(diffs),
                  low=means[int(0.025 * resamples)], high=means[int(0.975 * resamples) - 1],
                  change_faster=sum(d < 0 for d in diffs), pairs=len(diffs))


def map_selector(page: str) -> str:
    """The map whose drawing ends a first load of ``page``."""
    return "#country-map" if page.startswith("/country/") else "#overview-map"


@contextmanager
def checkout(ref_or_folder: str) -> Iterator[Path]:
    """A folder holding the app at ``ref_or_folder``: the folder itself, or a temporary git
    worktree of the ref, removed afterwards."""
    folder = Path(ref_or_folder)
    if folder.is_dir():
        yield folder.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="first-load-ab-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet",
                        str(tree), ref_or_folder], check=True)
        try:
            yield tree
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(tree)], check=False)


@contextmanager
def served(tree: Path, db: Path) -> Iterator[str]:
    """The app of checkout ``tree`` on ``db``, served by a child process; yields its URL
    once it answers."""
    child = subprocess.Popen([sys.executable, "-c", SERVE, str(db)], cwd=tree,
                             env={**os.environ, "PYTHONPATH": str(tree)},
                             stdout=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline().strip()
        if not line.isdigit():
            raise RuntimeError(f"the app of {tree} did not start (exit {child.poll()})")
        url = f"http://127.0.0.1:{line}"
        _wait_until_answering(url)
        yield url
    finally:
        child.terminate()
        child.wait(timeout=30)


def _wait_until_answering(url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_dash-layout", timeout=60):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def first_load(browser, url: str, selector: str) -> tuple[float, float]:
    """Seconds from navigation to ``selector``'s map drawn, and to the page settled, in a
    fresh context (nothing cached)."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    try:
        context.add_init_script(_WATCH_PAGE)
        page = context.new_page()
        page.goto(url)
        wait_ready(page, selector)
        return page_clock(page)
    finally:
        context.close()


CLOCKS = ("map", "settled")   # the two clocks of a load (benchmarks.dashboard.page_clock)


def alternate(urls: dict[str, str], page: str, pairs: int) -> dict[tuple[str, str], list]:
    """``pairs`` first loads of ``page`` from each server, in alternating order, after one
    uncounted pair: their times keyed by (server, clock)."""
    times: dict[tuple[str, str], list[float]] = {(n, c): [] for n in urls for c in CLOCKS}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=CHROMIUM_ARGS)
        try:
            for round_ in range(pairs + 1):
                order = list(urls) if round_ % 2 else list(urls)[::-1]
                for name in order:
                    clocks = first_load(browser, urls[name] + page, map_selector(page))
                    for clock, seconds in zip(CLOCKS, clocks, strict=True):
                        if round_:
                            times[name, clock].append(seconds)
        finally:
            browser.close()
    return times


def report(page: str, times: dict[tuple[str, str], list[float]]) -> str:
    lines = [f"First load of {page} ({len(times['base', 'map'])} pairs, order alternating); "
             "map: to the map drawn, settled: to the page quiet after it"]
    for clock in CLOCKS:
        result = paired(times["base", clock], times["change", clock])
        lines += [f"  {clock:7s} {name:6s} median {statistics.median(values):.2f} s   "
                  + " ".join(f"{v:.2f}" for v in values)
                  for (name, of), values in times.items() if of == clock]
        lines.append(f"  {clock:7s} change - base: median {result.median:+.3f} s, mean "
                     f"{result.mean:+.3f} s (95% interval {result.low:+.3f} .. "
                     f"{result.high:+.3f}); the change was faster in {result.change_faster} "
                     f"of {result.pairs} pairs")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="the warehouse both serve")
    parser.add_argument("--base", required=True, help="git ref or checkout folder")
    parser.add_argument("--change", default=str(ROOT), help="checkout folder (default: this)")
    parser.add_argument("--page", action="append", help="page to load (repeatable; default "
                        "/ and the country page of --country)")
    parser.add_argument("--country", default="MMR", help="ISO3 of the default country page")
    parser.add_argument("--pairs", type=int, default=16, help="counted pairs of loads")
    args = parser.parse_args(argv)
    pages = args.page or ["/", f"/country/{args.country}"]
    with checkout(args.base) as base_tree, checkout(args.change) as change_tree, \
            served(base_tree, args.db) as base_url, served(change_tree, args.db) as change_url:
        print(f"base: {base_tree}\nchange: {change_tree}\nwarehouse: {args.db}")
        for page in pages:
            times = alternate({"base": base_url, "change": change_url}, page, args.pairs)
            print(report(page, times), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
