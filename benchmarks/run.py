"""Foundation benchmark: demo build, UCDP import throughput and memory, core aggregates.

    python benchmarks/run.py --incidents 1000000 [--repeat 5] [--import-repeat 3] [--keep DIR]

Prints a table. Times are medians of ``--repeat`` runs where a step is cheap enough to
repeat; the import runs ``--import-repeat`` times (default once), each in a child process
(the real command line) into a fresh warehouse: its time is the median, its peak memory
the largest child's own. The machine is shared: compare ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from queries.demo import build_demo  # noqa: E402
from queries.schema import connect_writer  # noqa: E402

# The UCDP GED layout, filled from demo incidents (one-sided violence etc. by category).
UCDP_EXPORT = ROOT / "benchmarks" / "ucdp_from_demo.sql"
AGGREGATES = ROOT / "benchmarks" / "aggregates.sql"


def median_seconds(fn, repeat: int) -> float:
    """The median wall time of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def build(db: Path, incidents: int) -> float:
    """Build the demo warehouse; returns seconds."""
    con = connect_writer(db)
    try:
        started = time.perf_counter()
        build_demo(con, incidents=incidents, seed=7)
        return time.perf_counter() - started
    finally:
        con.close()


def export_ucdp_csv(db: Path, out: Path) -> int:
    """Write the demo incidents as a 49-column UCDP GED CSV; returns rows written."""
    con = connect_writer(db)
    try:
        gw = ROOT / "geodata" / "data" / "gleditsch_ward.csv"
        con.execute(UCDP_EXPORT.read_text().replace("$out", _quoted(out))
                    .replace("$gw", _quoted(gw)))
        return con.execute("SELECT count(*) FROM incidents WHERE source = 'demo'").fetchone()[0]
    finally:
        con.close()


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def import_in_child(csv_path: Path, db: Path) -> tuple[float, float]:
    """Run ``app.py import ucdp`` in a child process; returns (seconds, its peak RSS in MB)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "import", "ucdp",
                              str(csv_path), "--db", str(db)], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, child.args)
    return seconds, usage.ru_maxrss / 1024


def import_runs(csv_path: Path, empty_db: Path, db: Path, runs: int) -> tuple[float, float]:
    """``runs`` imports, each into a fresh copy of ``empty_db``; (median seconds, max MB)."""
    results = []
    for _ in range(runs):
        for p in (db, db.with_name(db.name + ".wal")):
            p.unlink(missing_ok=True)
        shutil.copyfile(empty_db, db)
        results.append(import_in_child(csv_path, db))
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def aggregates(db: Path, repeat: int) -> list[tuple[str, float, float]]:
    """(name, DuckDB seconds, pandas seconds) for the dashboard's core aggregates."""
    con = duckdb.connect(str(db), read_only=True)
    sql = dict(_named_blocks(AGGREGATES.read_text()))
    iso3, end = con.execute(sql["busiest_country"]).fetchone()
    params = {"iso3": iso3, "end": end}
    frame = con.execute(sql["pandas_columns"]).df()
    month = frame["event_date"].dt.to_period("M")
    window = frame["event_date"] > (frame["event_date"].max() - __import__("pandas")
                                    .Timedelta(days=365))

    def duck(name):
        return lambda: con.execute(sql[name], {k: v for k, v in params.items()
                                               if "$" + k in sql[name]}).fetchall()

    pandas_versions = {
        "country_month": lambda: frame.groupby(["iso3", month]).agg(
            n=("fatalities", "size"), f=("fatalities", "sum")),
        "admin1_month": lambda: frame[frame["iso3"] == iso3].groupby(
            ["admin1_code", month[frame["iso3"] == iso3]]).agg(
            n=("fatalities", "size"), f=("fatalities", "sum")),
        "grid_window": lambda: frame[window].groupby("priogrid_gid").agg(
            n=("fatalities", "size"), f=("fatalities", "sum")),
    }
    out = []
    for name, pandas_fn in pandas_versions.items():
        out.append((name, median_seconds(duck(name), repeat), median_seconds(pandas_fn, repeat)))
    con.close()
    return out


def _named_blocks(text: str):
    """``-- name: x`` blocks of a SQL file."""
    name, lines = None, []
    for line in text.splitlines():
        if line.startswith("-- name: "):
            if name:
                yield name, "\n".join(lines)
            name, lines = line.removeprefix("-- name: ").strip(), []
        else:
            lines.append(line)
    if name:
        yield name, "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--import-repeat", type=int, default=1,
                        help="imports to time (median; default 1)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the files")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        demo_db, import_db, csv_path = (work / "demo.duckdb", work / "import.duckdb",
                                        work / "ucdp.csv")
        empty_db = work / "empty.duckdb"
        for p in (demo_db, import_db, empty_db):
            p.unlink(missing_ok=True)
        build_s = build(demo_db, args.incidents)
        rows = export_ucdp_csv(demo_db, csv_path)
        connect_writer(empty_db).close()  # schema and reference data, not part of the timing
        import_s, peak_mb = import_runs(csv_path, empty_db, import_db, args.import_repeat)
        empty_db.unlink()
        report(args.incidents, build_s, rows, csv_path.stat().st_size, import_s, peak_mb,
               aggregates(demo_db, args.repeat), args.import_repeat)
    return 0


def report(n, build_s, rows, csv_bytes, import_s, peak_mb, aggs, import_runs=1) -> None:
    print(f"\nFoundation benchmark, {n:,} incidents (2 cores; medians; ratios matter)\n")
    print(f"| {'measure':<44} | {'value':>16} |")
    print(f"|{'-' * 46}|{'-' * 18}|")
    print(f"| {'demo build':<44} | {build_s:>14.1f} s |")
    print(f"| {'UCDP CSV import, rows (file MB)':<44} | {rows:>9,} ({csv_bytes / 1e6:,.0f}) |")
    print(f"| {'UCDP CSV import incl. admin-1, whole command':<44} | {import_s:>14.1f} s |")
    if import_runs > 1:
        print(f"| {'  (median of imports; peak: the largest)':<44} | {import_runs:>16} |")
    print(f"| {'UCDP CSV import throughput':<44} | {rows / import_s:>10,.0f} rows/s |")
    print(f"| {'UCDP CSV import peak memory (child RSS)':<44} | {peak_mb:>13,.0f} MB |")
    print(f"\n| {'aggregate':<16} | {'DuckDB ms':>10} | {'pandas ms':>10} | "
          f"{'pandas/DuckDB':>13} |")
    print(f"|{'-' * 18}|{'-' * 12}|{'-' * 12}|{'-' * 15}|")
    for name, duck_s, pandas_s in aggs:
        print(f"| {name:<16} | {duck_s * 1000:>10.1f} | {pandas_s * 1000:>10.1f} | "
              f"{pandas_s / duck_s:>12.1f}x |")


if __name__ == "__main__":
    sys.exit(main())
