"""Analytics benchmark: how long the refresh after an import takes, stage by stage.

    python benchmarks/analytics.py --db PATH [--repeat 5]
    python benchmarks/analytics.py --incidents 1000000 [--repeat 5] [--work DIR]

Runs :func:`queries.analytics.refresh.refresh_analytics` ``--repeat`` times on a copy of
the warehouse (the demo of ``--incidents`` incidents is built once into ``--work`` when no
``--db`` is given) and prints the median and the fastest time of every stage (escalation,
hotspots, risk, store) and of the whole refresh, with the process's peak memory. The
machine is shared: read medians, and compare runs on the same machine.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from queries.analytics.refresh import refresh_analytics  # noqa: E402
from queries.demo import build_demo  # noqa: E402
from queries.schema import connect_writer  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="an existing warehouse (copied, not changed)")
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "analyticsbench")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    source = args.db or _demo(args.work, args.incidents)
    copy = args.work / "refresh_copy.duckdb"
    shutil.copyfile(source, copy)
    con = connect_writer(copy)
    try:
        incidents = con.execute("SELECT count(*) FROM incidents").fetchall()[0][0]
        runs = [refresh_analytics(con) for _ in range(args.repeat)]
    finally:
        con.close()
        copy.unlink()
    _report(source, incidents, runs)
    return 0


def _demo(work: Path, incidents: int) -> Path:
    path = work / f"demo_{incidents}.duckdb"
    if not path.exists():
        con = connect_writer(path)
        try:
            build_demo(con, incidents=incidents, seed=7)
        finally:
            con.close()
    return path


def _report(source: Path, incidents: int, runs: list) -> None:
    last = runs[-1]
    print(f"warehouse {source}: {incidents:,} incidents; {len(runs)} refreshes")
    print(f"  {last.escalation_rows:,} escalation rows, {last.hot_cells:,} hot cells, "
          f"{last.countries_scored:,} countries scored")
    print(f"  {'stage':<12}{'median s':>10}{'fastest s':>11}")
    for stage in [*last.stages, "total"]:
        times = [run.seconds if stage == "total" else run.stages[stage] for run in runs]
        print(f"  {stage:<12}{statistics.median(times):>10.3f}{min(times):>11.3f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory of this process: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
