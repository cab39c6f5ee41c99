"""``atrisk model fit``: fit the country forecast and store it (committed)."""

from __future__ import annotations

from cli.common import add_db
from dashboard.settings import Settings
from queries.forecast.store import BACKTEST_FILE, MODEL_FILE, fit_and_store, load_forecast
from queries.schema import connect_writer
from queries.statements import transaction


def add_parser(commands) -> None:
    """``model fit``."""
    model = commands.add_parser("model", help="the country forecast's model")
    model.add_argument(
        "action",
        choices=("fit",),
        help="fit: backtest and fit on the shipped inputs, store the result",
    )
    add_db(model)


def run(_args, settings: Settings) -> int:
    """``model fit``: backtest and fit the country forecast, store it under queries/reference,
    and reload it into the warehouse when there is one (new warehouses load it anyway)."""
    stored = fit_and_store(progress=lambda message: print(message, flush=True))
    figures = stored["backtest"]
    print(
        f"{MODEL_FILE}, {BACKTEST_FILE}: backtest {figures['years']} AUC "
        f"{figures['auc']:.3f}, {figures['top30_share']:.0%} of {figures['onsets']} onsets "
        f"in that year's top 30; data through {stored['inputs']['data_through']}."
    )
    if settings.db.exists():
        con = connect_writer(settings.db)
        try:
            with transaction(con):
                countries = load_forecast(con)
        finally:
            con.close()
        print(f"{settings.db}: forecast reloaded for {countries} countries.")
    return 0
