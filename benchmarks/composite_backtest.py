"""Backtest of the composite risk index against the Early Warning Project's real onsets.

    python benchmarks/composite_backtest.py [--json] [--out FILE] [--first Y] [--last Y]

For every year 1994-2024 each country of the Project's panel is scored with the 14-factor
index from the reference indicators dated up to the year before, ranked within the year,
and judged against the onset of a new mass killing that year (see
:mod:`queries.analytics.composite_backtest`). Prints the AUC over all country-years and the
share of onsets in their year's top 10, 20 and 30, overall, per period and for each
dimension of the index alone, and the time taken. ``--json``: the last line is one JSON
object of the overall figures. ``--out``: every forecast as CSV ``year,iso3,risk,rank``
(rank 1 = highest risk that year).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from queries.analytics.composite_backtest import (  # noqa: E402
    FIRST_YEAR,
    LAST_YEAR,
    evaluate_ranking,
    run_composite_backtest,
)

PERIODS = ((1994, 2003), (2004, 2013), (2014, 2024))


def main(argv: list[str] | None = None) -> int:
    """Run the backtest and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--out", type=Path, help="write every forecast as CSV")
    parser.add_argument("--first", type=int, default=FIRST_YEAR,
                        help=f"first year forecast (default {FIRST_YEAR})")
    parser.add_argument("--last", type=int, default=LAST_YEAR,
                        help=f"last year forecast (default {LAST_YEAR})")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result, forecasts = run_composite_backtest(args.first, args.last)
    seconds = time.perf_counter() - started
    print("\n".join(result.lines()))
    print(f"{'forecasts':<16} {'onsets':>6} {'AUC':>6} {'top 10':>7} {'top 20':>7} "
          f"{'top 30':>7}")
    for first, last in PERIODS:
        in_period = forecasts[forecasts["year"].between(first, last)]
        if not in_period.empty:   # --first / --last may leave a period out
            print(_row(f"{first}-{last}", evaluate_ranking(in_period)))
    for dimension in ("structural", "dynamic"):
        alone = evaluate_ranking(forecasts.assign(risk=forecasts[dimension]))
        print(_row(f"{dimension} alone", alone))
    print(f"in {seconds:.1f} s")
    if args.out:
        forecasts[["year", "iso3", "risk", "rank"]].to_csv(args.out, index=False)
    if args.json:
        print(json.dumps({**result.as_dict(), "seconds": round(seconds, 1)}))
    return 0


def _row(label: str, result) -> str:
    """One line of the table: onsets, AUC and the top-k shares."""
    tops = " ".join(f"{v:>7.0%}" for v in result.top_shares.values())
    return f"{label:<16} {result.onsets:>6} {result.auc:>6.3f} {tops}"


if __name__ == "__main__":
    sys.exit(main())
