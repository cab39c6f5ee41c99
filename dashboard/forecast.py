"""The country forecast in words and components, shared by the watchlist, the country
page, the map layer and the briefing pack. Pure builders: the stored forecast in, text
and components out (``queries.forecast.store`` reads it)."""

from __future__ import annotations

import pandas as pd
from dash import html

NOT_FORECAST = ("No forecast: the Early Warning Project's data do not cover this country "
                "(territories and micro-states with fewer than 500,000 people are left out).")


def years(data_year: int) -> tuple[str, str]:
    """The forecast's 1-year and 2-year windows, e.g. ('2025', '2025-26')."""
    return str(data_year + 1), f"{data_year + 1}-{str(data_year + 2)[-2:]}"


def headline(rec: dict) -> str:
    """'Risk that a new mass killing begins in 2025: 4.9%; in 2025-26: 8.5% (rank 1 of
    168).' for one country's stored forecast."""
    one, two = years(int(rec["data_year"]))
    return (f"Risk that a new mass killing begins in {one}: {rec['risk_1y']:.1%}; "
            f"in {two}: {rec['risk_2y']:.1%} (rank {int(rec['forecast_rank'])} of "
            f"{int(rec['countries_ranked'])}).")


def change_text(rec: dict) -> str:
    """The change since the forecast made a year before, in words."""
    previous = rec.get("previous_risk_1y")
    if previous is None or pd.isna(previous):
        return "No forecast a year before to compare with."
    change = rec["risk_1y"] - previous
    return (f"{'Up' if change > 0 else 'Down' if change < 0 else 'Unchanged'} "
            f"{abs(change) * 100:.1f} points since last year's forecast "
            f"({previous:.1%}, rank {int(rec['previous_rank'])}).")


def method_note(summary: dict | None, element_id: str) -> html.Details:
    """The method note, one click away: what the forecast predicts, how it was made,
    how well it did out of sample and the year its data run through."""
    if summary is None:
        return html.Details([html.Summary("Method note"),
                             html.P("This warehouse holds no country forecast.")],
                            id=element_id, className="method-note")
    one, two = years(int(summary["data_through"]))
    return html.Details([
        html.Summary("Method note: what the forecast predicts and how well it did"),
        html.P([html.B("What it predicts: "), summary["predicts"].capitalize(),
                f", in {one} (1-year) and in {one} or the year after ({two}, 2-year)."]),
        html.P([html.B("How: "), "a statistical model (", summary["model"], ") of the Early "
                "Warning Project's country-year predictors (V-Dem, World Bank, UN, EPR, "
                "coups, battle deaths), the Political Terror Scale and UCDP battle-death "
                f"trends. Data through {summary['data_through']}."]),
        html.P([html.B("How well it did: "),
                f"forecasting each year {summary['backtest_years']} only with the data "
                f"of the year before (a rolling-origin backtest, {summary['country_years']:,} "
                f"country-years, {summary['onsets']} onsets), it scored an AUC of "
                f"{summary['auc']:.3f} and ranked {summary['top30_share']:.0%} of the onsets "
                f"in that year's top 30 ({summary['top20_share']:.0%} in the top 20). The "
                f"Early Warning Project's own forecasts on the same years: AUC "
                f"{summary['anchor_auc']:.3f}, {summary['anchor_top30_share']:.0%} in the top "
                "30."]),
        html.P([html.B("Not a prediction of certainty: "), "most countries in the top 30 "
                "see no new mass killing in a given year, and some onsets come from lower "
                "down. The dynamic signals (escalation, hot cells, civilian fatalities) "
                "describe recent incidents and were not backtested: no accuracy is claimed "
                "for them."]),
    ], id=element_id, className="method-note")
