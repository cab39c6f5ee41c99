"""``atrisk evaluate``: backtest the cell forecast and the hotspot signal against history
baselines; ``evaluate --countries``: backtest the country forecast."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cli.common import add_db, existing_warehouse
from dashboard.settings import Settings
from queries.analytics.backtest import backtest_pairs, evaluate_pairs, write_pairs
from queries.forecast import metrics
from queries.forecast.store import run_backtest


def add_parser(commands) -> None:
    """``evaluate [--json] [--pairs-out FILE]`` and ``evaluate --countries [--out FILE]``."""
    evaluate = commands.add_parser(
        "evaluate",
        help="backtest the cell forecast and the hotspot signal against history baselines",
    )
    evaluate.add_argument(
        "--json", action="store_true", help="end with the figures as one line of JSON"
    )
    evaluate.add_argument(
        "--pairs-out",
        type=Path,
        metavar="FILE",
        help="write every (origin, cell) pair scored as CSV: origin,gid,forecast,outcome",
    )
    add_db(evaluate)
    _add_country_evaluation(evaluate)


def _add_country_evaluation(evaluate: argparse.ArgumentParser) -> None:
    """``evaluate --countries [--out FILE]``: the country forecast's backtest, from the
    shipped inputs (no warehouse needed)."""
    evaluate.add_argument(
        "--countries", action="store_true", help="backtest the country forecast (1994 on) instead"
    )
    evaluate.add_argument(
        "--out",
        type=Path,
        help="with --countries: write every forecast as CSV (year,iso3,risk,rank)",
    )


def run(args, settings: Settings) -> int:
    """Run the rolling-origin backtest of the cell forecast, the hotspot signal and the
    history baselines, and print their figures (and write the pairs with --pairs-out)."""
    if args.countries:
        return _evaluate_countries(args)
    warehouse = existing_warehouse(settings)
    try:
        with warehouse.cursor() as cur:
            pairs = backtest_pairs(cur)
    finally:
        warehouse.close()
    result = evaluate_pairs(pairs)
    if args.pairs_out:
        write_pairs(pairs, args.pairs_out)
    print("\n".join(result.lines()))
    if args.json:
        print(json.dumps(result.as_dict(json_safe=True)))
    return 0


def _evaluate_countries(args) -> int:
    """The country forecast's rolling-origin backtest: the table, optionally JSON and CSV."""
    forecasts = run_backtest()
    rows = metrics.scores_by_decade(forecasts)
    print(
        "Country forecast, rolling-origin backtest (each year forecast with the data of "
        "the year before only): a new mass killing beginning that year"
    )
    print("\n".join(metrics.table_lines(rows)))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        forecasts[["year", "iso3", "risk", "rank"]].to_csv(args.out, index=False)
        print(f"{args.out}: {len(forecasts):,} forecasts")
    if args.json:
        print(json.dumps(metrics.as_dict(rows)))
    return 0
