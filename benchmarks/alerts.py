"""Alerts benchmark: what change detection adds to a refresh of a large warehouse.

    python benchmarks/alerts.py --incidents 2000000 [--repeat 5] [--work DIR]
    python benchmarks/alerts.py --db PATH [--repeat 5]

On a copy of the warehouse (the demo of ``--incidents`` is built once into ``--work``):
one refresh records the baseline (its detection reads every incident once); then
``--repeat`` refreshes with nothing new, and ``--repeat`` refreshes each after a new
batch of ``--batch`` incidents (recent copies, 5% restricted, some in places quiet for a
year), as after a daily import. Prints the detection stage's median and fastest seconds
for each, the refresh's total, and the alerts stored.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.analytics import _demo  # noqa: E402
from queries.analytics.refresh import refresh_analytics  # noqa: E402
from queries.schema import connect_writer  # noqa: E402

NEW_BATCH = """
INSERT INTO incidents (incident_id, source, source_id, event_date, iso3, admin1_code, lat,
                       lon, priogrid_gid, category, fatalities, civilian_fatalities,
                       sensitivity, batch_id)
SELECT 'bench' || $batch || ':' || i, 'bench', $batch || ':' || i,
       (SELECT max(event_date) FROM incidents) - (i % 3)::INTEGER, iso3, admin1_code, lat,
       lon, priogrid_gid, category, fatalities + 1, civilian_fatalities + 1,
       CASE WHEN i % 20 = 0 THEN 'restricted' ELSE 'public' END, $batch
FROM (SELECT *, row_number() OVER () AS i FROM incidents
      WHERE hash(incident_id || $batch) % 500 = 0 LIMIT $n)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="an existing warehouse (copied, not changed)")
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch", type=int, default=2_000, help="incidents per new batch")
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "analyticsbench")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    source = args.db or _demo(args.work, args.incidents)
    copy = args.work / "alerts_copy.duckdb"
    shutil.copyfile(source, copy)
    con = connect_writer(copy)
    try:
        incidents = con.execute("SELECT count(*) FROM incidents").fetchall()[0][0]
        baseline = refresh_analytics(con)
        quiet = [refresh_analytics(con) for _ in range(args.repeat)]
        busy = []
        for _ in range(args.repeat):
            batch = con.execute("INSERT INTO import_batches (format, started_at) VALUES "
                                "('bench', now()) RETURNING batch_id").fetchall()[0][0]
            con.execute(NEW_BATCH, {"batch": batch, "n": args.batch})
            busy.append(refresh_analytics(con))
        alerts = con.execute("SELECT kind, count(*) FROM alerts GROUP BY ALL ORDER BY 1"
                             ).fetchall()
    finally:
        con.close()
        copy.unlink()
    print(f"warehouse {source}: {incidents:,} incidents")
    _line("baseline (first run)", [baseline])
    _line("nothing new", quiet)
    _line(f"new batch of {args.batch:,}", busy)
    print(f"  alerts stored: {', '.join(f'{k} {n}' for k, n in alerts) or 'none'}")
    return 0


def _line(label: str, runs: list) -> None:
    detect = [run.stages["alerts"] for run in runs]
    total = [run.seconds for run in runs]
    print(f"  {label:<26} detection median {statistics.median(detect):.3f} s "
          f"(fastest {min(detect):.3f}); refresh median {statistics.median(total):.2f} s")


if __name__ == "__main__":
    sys.exit(main())
