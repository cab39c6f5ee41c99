"""Every benchmark script runs end to end at a tiny size, so that none of them rots: the
figures are not checked (the machine decides them), only that each script finishes and
prints its table (``benchmarks/dashboard.py`` without its browser part; the A/B first-load
benchmark with one pair of loads of one page)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from benchmarks import alerts, analytics, composite_backtest, exports, first_load_ab, load, run
from benchmarks import dashboard as dashboard_bench
from queries.analytics.refresh import refresh_analytics
from queries.demo import build_demo
from queries.schema import connect_writer

TINY = 300  # incidents

# Slow rather than fast here (2-3 min with the machine shared, most of it the exports,
# the import child process and the load test server), but not deselected: it runs in the
# normal suite.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tiny_warehouse(tmp_path_factory):
    """A demo warehouse of a few hundred incidents with its analytics, built once."""
    db = tmp_path_factory.mktemp("bench") / "tiny.duckdb"
    con = connect_writer(db)
    try:
        build_demo(con, incidents=TINY, seed=7)
        refresh_analytics(con)
    finally:
        con.close()
    return db


def test_analytics_benchmark(tiny_warehouse, tmp_path, capsys):
    assert (
        analytics.main(["--db", str(tiny_warehouse), "--repeat", "1", "--work", str(tmp_path)]) == 0
    )
    out = capsys.readouterr().out
    assert f"{TINY:,} incidents; 1 refreshes" in out and "  total " in out


def test_alerts_benchmark(tiny_warehouse, tmp_path, capsys):
    assert (
        alerts.main(
            ["--db", str(tiny_warehouse), "--repeat", "1", "--batch", "20", "--work", str(tmp_path)]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "baseline (first run)" in out and "new batch of 20" in out


def test_exports_benchmark(tiny_warehouse, tmp_path, capsys):
    assert (
        exports.main(
            [
                "--db",
                str(tiny_warehouse),
                "--repeat",
                "1",
                "--sitrep-top",
                "1",
                "--work",
                str(tmp_path),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "cold snapshot" in out and "briefing pack CAF DOCX" in out and "targets:" in out


def test_load_benchmark(tiny_warehouse, tmp_path, capsys):
    db = tmp_path / "load.duckdb"  # the load test adds accounts: a copy
    shutil.copyfile(tiny_warehouse, db)
    assert (
        load.main(
            [
                "--db",
                str(db),
                "--users",
                "1",
                "--duration",
                "1",
                "--workers",
                "1",
                "--threads",
                "2",
                "--work",
                str(tmp_path),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "errors 0" in out and "ALL" in out


def test_foundation_benchmark(tmp_path, capsys):
    assert run.main(["--incidents", str(TINY), "--repeat", "1", "--keep", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "| UCDP CSV import, rows (file MB)" in out and "country_month" in out


def test_composite_backtest_benchmark(capsys):
    assert composite_backtest.main(["--first", "2012", "--last", "2014"]) == 0
    out = capsys.readouterr().out
    assert "forecasts 2012-2014" in out and "structural alone" in out


def test_dashboard_benchmark(tmp_path, capsys):
    assert dashboard_bench.main(["--incidents", str(TINY), "--repeat", "1", "--no-browser",
                                 "--work", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "country.table_rows page 1" in out and "overview" in out


@pytest.mark.browser
def test_first_load_ab_benchmark(tiny_warehouse):
    """Run as its command line, in a child process: the browser tests' own Playwright may
    be running in this one, and Playwright's sync API does not nest."""
    this_checkout = first_load_ab.ROOT
    done = subprocess.run(
        [sys.executable, str(this_checkout / "benchmarks" / "first_load_ab.py"),
         "--db", str(tiny_warehouse), "--base", str(this_checkout), "--page", "/",
         "--pairs", "1"],
        capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "First load of / (1 pairs" in done.stdout
    assert "map     change - base: median" in done.stdout
    assert "settled change - base: median" in done.stdout
