"""Export benchmark: cold and warm map snapshots, the briefing pack, the situation report.

    python benchmarks/exports.py [--incidents 50000] [--repeat 7] [--work DIR]
    python benchmarks/exports.py --db PATH [--iso3 CAF] [--repeat 7]

Without ``--db`` it builds a demo warehouse (``--incidents``, seed 7) plus the real UCDP
sample for the Central African Republic in ``--work`` (a temporary folder by default).

It prints, each the median of ``--repeat`` runs after the cold one:

- ``cold``: the first snapshot of the process (starts the headless Chromium: once per
  server process);
- ``warm``: overview PNG (slide), overview PNG (A4, 3508x2480), country PNG, SVG and PDF;
  queries, figure, framing and rendering included;
- ``briefing``: the whole briefing pack of ``--iso3`` with the warm browser, as PDF and as
  DOCX, and the gathering alone (every query a pack makes), each the median of half as
  many runs (at least one);
- ``sitrep``: the situation report on the watchlist's top ``--sitrep-top`` countries.

Targets (issue 17): a warm snapshot under 1 s, a briefing pack under 5 s, a situation
report of 10 countries under 30 s.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader  # noqa: E402 (the test extra: pip install -e ".[test]")

from dashboard.exports.briefing import briefing_pack  # noqa: E402
from dashboard.exports.gather import gather_briefing  # noqa: E402
from dashboard.exports.sitrep import Selection, sitrep  # noqa: E402
from dashboard.exports.snapshot import snapshot  # noqa: E402
from dashboard.filters import parse_filters  # noqa: E402
from dashboard.maps import MapView  # noqa: E402
from queries.analytics.refresh import refresh_analytics
from queries.db import Warehouse  # noqa: E402
from queries.demo import build_demo
from queries.importing.registry import import_file
from queries.schema import connect_writer
from tests.conftest import UCDP_SAMPLE

WARM_TARGET_S, BRIEFING_TARGET_S, SITREP_TARGET_S = 1.0, 5.0, 30.0


def build(work: Path, incidents: int) -> Path:
    """A demo warehouse with the UCDP CAF sample and its analytics, in ``work``."""
    db = work / "bench_exports.duckdb"
    if db.exists():
        return db
    con = connect_writer(db)
    try:
        build_demo(con, incidents=incidents, seed=7)
        if UCDP_SAMPLE.exists():
            import_file(con, "ucdp", UCDP_SAMPLE)
        refresh_analytics(con)
    finally:
        con.close()
    return db


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    """Time the exports and print the figures against their targets."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--incidents", type=int, default=50_000)
    parser.add_argument("--iso3", default="CAF")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--sitrep-top", type=int, default=10)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="atrisk-bench-"))
    db = args.db or build(work, args.incidents)
    wh = Warehouse(db)
    world = MapView("overview", parse_filters(wh, {}).filter)
    country = MapView("country", parse_filters(wh, {}, args.iso3).filter)
    cold = timed(lambda: snapshot(wh, world, "png", "slide", "UN INTERNAL"))
    print(f"warehouse {db}\ncold snapshot (starts Chromium)      {cold:6.2f} s")
    cases = [("overview png slide", world, "png", "slide"),
             ("overview png a4-landscape", world, "png", "a4-landscape"),
             (f"country {args.iso3} png slide", country, "png", "slide"),
             (f"country {args.iso3} svg slide", country, "svg", "slide"),
             (f"country {args.iso3} pdf a4-landscape", country, "pdf", "a4-landscape")]
    medians = []
    for label, view, fmt, size in cases:
        runs = [timed(lambda v=view, f=fmt, s=size: snapshot(wh, v, f, s, "UN INTERNAL"))
                for _ in range(args.repeat)]
        medians.append(statistics.median(runs))
        print(f"warm {label:<32} {medians[-1]:6.2f} s  (min {min(runs):.2f}, "
              f"max {max(runs):.2f})")
    pack = _pack_figures(wh, country.filter, args.iso3, max(1, args.repeat // 2))
    report = timed(lambda: sitrep(wh, world.filter, Selection(top=args.sitrep_top),
                                  "UN INTERNAL"))
    print(f"sitrep top {args.sitrep_top} countries                {report:6.2f} s")
    worst = max(medians)
    print(f"targets: warm snapshot < {WARM_TARGET_S} s: {_verdict(worst, WARM_TARGET_S)}"
          f" (slowest median {worst:.2f} s); briefing < {BRIEFING_TARGET_S} s: "
          f"{_verdict(pack, BRIEFING_TARGET_S)}; sitrep < {SITREP_TARGET_S} s: "
          f"{_verdict(report, SITREP_TARGET_S)}")
    wh.close()
    return 0


def _pack_figures(wh: Warehouse, f, iso3: str, repeat: int) -> float:
    """Print the pack's figures (gathering, PDF, DOCX); returns the PDF's median."""
    gathers = [timed(lambda: gather_briefing(wh, f, "UN INTERNAL")) for _ in range(repeat)]
    print(f"briefing gather {iso3} (every query)        {statistics.median(gathers):6.2f} s")
    packs, made = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        made = briefing_pack(wh, f, "UN INTERNAL")
        packs.append(time.perf_counter() - started)
    pack = statistics.median(packs)
    pages = len(PdfReader(io.BytesIO(made.content)).pages)
    print(f"briefing pack {iso3} PDF ({pages} pages)        {pack:6.2f} s  "
          f"(min {min(packs):.2f}, max {max(packs):.2f})")
    docx = statistics.median(timed(lambda: briefing_pack(wh, f, "UN INTERNAL", fmt="docx"))
                             for _ in range(repeat))
    print(f"briefing pack {iso3} DOCX                  {docx:6.2f} s")
    return pack


def _verdict(seconds: float, target: float) -> str:
    return "met" if seconds < target else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
