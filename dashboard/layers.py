"""Map layers: one registered definition each.

A layer says what it draws (a value per country, or per PRIO-GRID cell), how to fetch it,
and how to show it. The overview's layer selector, its map and its legend all come from
this registry, so adding a layer (risk, hotspots, coverage, training ...) is a fetch
function here (calling a ``queries`` function) and one ``Layer`` in :data:`LAYERS`. The
registry is declared once and cannot change while the app runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import pandas as pd

from dashboard.dates import day_text
from queries import capacity, incidents
from queries.analytics import results
from queries.db import Warehouse
from queries.forecast import store as forecast
from queries.incidents import IncidentFilter

GRID_CAP = 8_000


@dataclass(frozen=True)
class Hover:
    """What hovering over a place shows: the frame's ``columns`` as the trace's customdata,
    and a plotly hovertemplate that reads them as ``%{customdata[i]}``."""

    columns: tuple[str, ...]
    template: str


@dataclass(frozen=True)
class Layer:
    """One map layer. ``fetch`` returns a frame with ``iso3`` and ``name`` (kind
    ``country``) or ``lat`` and ``lon`` (kind ``grid``), the ``value`` column, and what
    the hover shows (the incident totals unless ``hover`` says otherwise); plus a note for
    the map (e.g. a cap or the analytics' window), or ''. ``value_range`` fixes the colour
    scale's ends (else 0 to the data's maximum), ``ticks`` labels values on the legend.
    ``follows_filters`` is False for layers with windows of their own (the analytics)."""

    key: str
    label: str
    value: str
    unit: str
    kind: Literal["country", "grid", "points"]
    fetch: Callable[[Warehouse, IncidentFilter], tuple[pd.DataFrame, str]]
    colorscale: str = "YlOrRd"
    description: str = ""
    hover: Hover | None = None
    value_range: tuple[float, float] | None = None
    tickformat: str = ",d"
    ticks: tuple[tuple[float, str], ...] = ()
    follows_filters: bool = True


def _by_country(wh: Warehouse, f: IncidentFilter) -> tuple[pd.DataFrame, str]:
    return incidents.country_totals(wh, f), ""


def _by_cell(wh: Warehouse, f: IncidentFilter) -> tuple[pd.DataFrame, str]:
    cells, total = incidents.grid_cells(wh, f, cap=GRID_CAP)
    note = (
        f"Showing the {len(cells):,} busiest of {total:,} PRIO-GRID cells."
        if total > len(cells)
        else ""
    )
    return cells, note


# --- early-warning analytics (computed after every import; the date filters do not apply) --


def _analytics_note(wh: Warehouse, what: str) -> str:
    run = results.status(wh)
    if run is None or run.data_through is None:
        return "Analytics have not been computed for this warehouse yet."
    return (
        f"{what} as of {day_text(run.data_through)}, the latest incident date; the date "
        "and category filters do not apply to this layer."
    )


def _country_forecast(wh: Warehouse, _f: IncidentFilter) -> tuple[pd.DataFrame, str]:
    frame = forecast.ranking(wh)
    frame["risk_pct"] = (frame["risk_1y"] * 100).round(2)
    frame["risk_2y_pct"] = (frame["risk_2y"] * 100).round(2)
    frame["drivers"] = frame["drivers"].fillna("").str.replace("; ", "<br>", regex=False)
    summary = forecast.summary(wh)
    if summary is None:
        return frame, "This warehouse holds no country forecast."
    return frame, (
        f"Risk that a new mass killing begins in {summary['data_through'] + 1} "
        f"(data through {summary['data_through']}; backtested AUC "
        f"{summary['auc']:.2f}, {summary['top30_share']:.0%} of onsets in the "
        "year's top 30). The date and category filters do not apply to this "
        "layer."
    )


def _profile(wh: Warehouse, _f: IncidentFilter) -> tuple[pd.DataFrame, str]:
    frame = results.risk_by_country(wh)
    frame["drivers"] = frame["drivers"].str.replace("; ", "<br>", regex=False)
    return frame, _analytics_note(
        wh, "14-factor profile (our index, not a UN score, not a forecast)"
    )


def _escalation(wh: Warehouse, _f: IncidentFilter) -> tuple[pd.DataFrame, str]:
    frame = results.escalation_by_country(wh)
    frame["events_expected"] = frame["events_expected"].round(1)
    return frame, _analytics_note(wh, "Escalation over the latest 4 weeks")


def _hotspots(wh: Warehouse, _f: IncidentFilter) -> tuple[pd.DataFrame, str]:
    return results.hot_cells(wh), _analytics_note(
        wh, "Where violence has clustered over the last 12 months (descriptive, not a forecast)"
    )


def _cell_forecast(wh: Warehouse, _f: IncidentFilter) -> tuple[pd.DataFrame, str]:
    frame = results.forecast_layer(wh, GRID_CAP)
    return frame, forecast_note(results.forecast_run(wh), len(frame))


def forecast_note(run: results.ForecastRun | None, shown: int) -> str:
    """What the forecast layer predicts, for which months, and how well it did on this
    warehouse's own past."""
    if run is None:
        return (
            "No cell forecast: the warehouse has too little history of violence "
            "against civilians to learn from."
        )
    note = (
        f"Our model's probability of violence against civilians in each 0.5° cell, "
        f"{day_text(run.forecast_from)} to {day_text(run.forecast_to)}, learned from "
        "this warehouse's history of the cells, their neighbours and the country. "
    )
    if run.backtest_auc is None:
        note += "Too little history to backtest it on this warehouse yet."
    else:
        note += (
            f"Backtested on this warehouse: AUC {run.backtest_auc:.2f} (1 perfect, 0.5 "
            f"chance) on the months {run.backtest_from:%b %Y} to "
            f"{run.backtest_to:%b %Y}, forecast with only the data known then."
        )
    if shown >= GRID_CAP:
        note += f" Showing the {shown:,} likeliest cells."
    return note


# --- prevention capacity (the reference memberships, trainings) ----------------------------


def _early_warning(wh: Warehouse, f: IncidentFilter) -> tuple[pd.DataFrame, str]:
    frame = capacity.early_warning_by_country(wh, f.date_to)
    frame["suspended_in"] = frame["suspended_in"].fillna("none")
    return frame, (
        f"Memberships on {day_text(f.date_to)}, the end of the window; "
        "regional organisations' memberships as recorded in the warehouse "
        "(see the Coverage page)."
    )


def _memberships(wh: Warehouse, f: IncidentFilter) -> tuple[pd.DataFrame, str]:
    return capacity.memberships_by_country(wh, f.date_to), (
        f"Memberships on {day_text(f.date_to)}, the end of the window, as recorded in the "
        "warehouse (see the Coverage page)."
    )


def _training(wh: Warehouse, f: IncidentFilter) -> tuple[pd.DataFrame, str]:
    frame = capacity.training_venues_between(wh, f.date_from, f.date_to)
    return frame, "" if not frame.empty else "No trainings in this window."


# The layers, in the order the overview's selector lists them (the first is the default).
LAYERS: tuple[Layer, ...] = (
    Layer(
        "incidents",
        "Incidents by country",
        "incidents",
        "incidents",
        "country",
        _by_country,
        description="Number of incidents in the window, per country",
    ),
    Layer(
        "fatalities",
        "Fatalities by country",
        "fatalities",
        "deaths",
        "country",
        _by_country,
        colorscale="Reds",
        description="Reported deaths (best estimate) in the window",
    ),
    Layer(
        "civilian_fatalities",
        "Civilian fatalities by country",
        "civilian_fatalities",
        "civilian deaths",
        "country",
        _by_country,
        colorscale="Purples",
        description="Reported civilian deaths in the window",
    ),
    Layer(
        "density",
        "Incident density (PRIO-GRID 0.5°)",
        "incidents",
        "incidents per cell",
        "grid",
        _by_cell,
        colorscale="Viridis",
        description="Incidents per 0.5 degree PRIO-GRID cell",
    ),
    Layer(
        "risk",
        "Risk of a new mass killing (forecast)",
        "risk_pct",
        "risk %",
        "country",
        _country_forecast,
        colorscale="YlOrRd",
        value_range=(0, 5),
        tickformat=".0f",
        follows_filters=False,
        ticks=((0, "0%"), (1, "1%"), (2, "2%"), (3, "3%"), (4, "4%"), (5, "5% or more")),
        description="The country forecast: the probability that a new mass killing begins in "
        "the country next year (Early Warning Project definition), backtested out "
        "of sample since 1994",
        hover=Hover(
            ("name", "risk_pct", "risk_2y_pct", "rank", "countries_ranked", "drivers"),
            "<b>%{customdata[0]}</b><br>Risk of a new mass killing next year: "
            "%{customdata[1]:.1f}% (rank %{customdata[3]} of %{customdata[4]})<br>"
            "Within 2 years: %{customdata[2]:.1f}%<br><b>Largest contributions</b><br>"
            "%{customdata[5]}<extra></extra>",
        ),
    ),
    Layer(
        "profile",
        "14-factor profile (our index)",
        "risk_index",
        "index 0-10",
        "country",
        _profile,
        colorscale="YlOrRd",
        value_range=(0, 10),
        tickformat=".0f",
        follows_filters=False,
        description="Our index of the UN Framework of Analysis risk factors, 0-10: the geometric "
        "mean of structural factors and dynamic ones (factors plus recent "
        "violence); it explains the forecast, it is not one; not a UN score",
        hover=Hover(
            ("name", "risk_index", "structural", "dynamic", "completeness_pct", "drivers"),
            "<b>%{customdata[0]}</b><br>14-factor profile: %{customdata[1]:.1f} / 10"
            "<br>Structural %{customdata[2]:.1f} · dynamic %{customdata[3]:.1f}"
            "<br>Indicators present: %{customdata[4]}%<br><b>Top drivers</b><br>"
            "%{customdata[5]}<extra></extra>",
        ),
    ),
    Layer(
        "escalation",
        "Escalation (latest 4 weeks)",
        "change_level",
        "change",
        "country",
        _escalation,
        colorscale="RdBu_r",
        value_range=(-2, 2),
        follows_filters=False,
        ticks=(
            (-2, "large decrease"),
            (-1, "moderate"),
            (0, "limited change"),
            (1, "moderate"),
            (2, "large increase"),
        ),
        description="Events in the latest 4 weeks against the weekly average of the 52 weeks "
        "before (more than +25%: large increase)",
        hover=Hover(
            (
                "name",
                "arrow",
                "trend",
                "events_latest",
                "events_expected",
                "events_previous",
                "civilian_latest",
            ),
            "<b>%{customdata[0]}</b><br>%{customdata[1]} %{customdata[2]}<br>"
            "Events, latest 4 weeks: %{customdata[3]:,}<br>"
            "Expected from the year before: %{customdata[4]}<br>"
            "Previous 4 weeks: %{customdata[5]:,}<br>"
            "Civilian fatalities, latest 4 weeks: %{customdata[6]:,}<extra></extra>",
        ),
    ),
    Layer(
        "forecast",
        "Forecast: violence against civilians, next 3 months",
        "probability_pct",
        "% chance",
        "grid",
        _cell_forecast,
        colorscale="YlOrRd",
        tickformat=".0f",
        follows_filters=False,
        description="Our model's probability of violence against civilians in each 0.5° "
        "PRIO-GRID cell in the 3 months after the latest data, from the history of "
        "the cell, its neighbours and its country (backtested on this warehouse)",
        hover=Hover(
            ("name", "probability_pct", "events_12m", "civilian_12m"),
            "<b>Forecast, %{customdata[0]}</b> (cell at %{lat:.2f}, %{lon:.2f})<br>"
            "Violence against civilians in the next 3 months: %{customdata[1]:.1f}% "
            "chance<br>Incidents, last 12 months: %{customdata[2]:,} (against civilians: "
            "%{customdata[3]:,})<extra></extra>",
        ),
    ),
    Layer(
        "hotspots",
        "Where violence has clustered (Gi*, last 12 months)",
        "confidence",
        "confidence %",
        "grid",
        _hotspots,
        colorscale="YlOrRd",
        value_range=(90, 99),
        follows_filters=False,
        ticks=((90, "90%"), (95, "95%"), (99, "99%")),
        description="Where violence has clustered: PRIO-GRID cells whose incidents over the last "
        "12 months cluster more than chance would explain (space-time Getis-Ord "
        "Gi* against the country's record since the data begin). Descriptive: "
        "it does not forecast; see the forecast layer",
        hover=Hover(
            ("name", "gi_z", "confidence", "pattern", "events"),
            "<b>Violence clustered here, %{customdata[0]}</b> (cell at %{lat:.2f}, "
            "%{lon:.2f})<br>"
            "Gi* z-score %{customdata[1]:.2f}: hot at %{customdata[2]}% confidence<br>"
            "Pattern: %{customdata[3]}<br>Incidents, last 12 months: %{customdata[4]:,}"
            "<extra></extra>",
        ),
    ),
    Layer(
        "early_warning",
        "Regional early-warning coverage",
        "mechanisms",
        "mechanisms",
        "country",
        _early_warning,
        colorscale="Blues",
        value_range=(0, 5),
        ticks=tuple((n, str(n)) for n in range(6)),
        description="How many regional early-warning mechanisms cover the country (its "
        "organisations' memberships on the window's last day)",
        hover=Hover(
            ("name", "mechanisms", "mechanism_names", "suspended_in"),
            "<b>%{customdata[0]}</b><br>Regional early-warning mechanisms: "
            "%{customdata[1]}<br>%{customdata[2]}<br>Suspended in: %{customdata[3]}"
            "<extra></extra>",
        ),
    ),
    Layer(
        "memberships",
        "Regional organisations (memberships)",
        "organisations",
        "organisations",
        "country",
        _memberships,
        colorscale="Purples",
        value_range=(0, 5),
        ticks=tuple((n, str(n)) for n in range(6)),
        description="How many of the regional organisations recorded the country belongs to "
        "on the window's last day",
        hover=Hover(
            ("name", "organisations", "org_codes", "suspended_in"),
            "<b>%{customdata[0]}</b><br>Member of %{customdata[1]}: %{customdata[2]}"
            "<br>Suspended in: %{customdata[3]}<extra></extra>",
        ),
    ),
    Layer(
        "training",
        "Training venues",
        "participants",
        "participants",
        "points",
        _training,
        colorscale="Tealgrn",
        description="Trainings held in the window, one bubble per venue sized by the people "
        "trained there",
        hover=Hover(
            ("venue", "name", "trainings", "participants", "audiences", "latest"),
            "<b>%{customdata[0]}</b>, %{customdata[1]}<br>Trainings: %{customdata[2]}"
            "<br>Participants: %{customdata[3]:,}<br>Audiences: %{customdata[4]}"
            "<br>Latest: %{customdata[5]}<extra></extra>",
        ),
    ),
)
_BY_KEY: Mapping[str, Layer] = MappingProxyType({lay.key: lay for lay in LAYERS})
if len(_BY_KEY) != len(LAYERS):
    raise ValueError("two layers share a key")


def layers() -> Mapping[str, Layer]:
    """The layers by key, in their declared order (read-only)."""
    return _BY_KEY


def layer(key: str | None) -> Layer:
    """The layer called ``key``, or the first one when ``key`` is unknown."""
    return _BY_KEY.get(key or "", LAYERS[0])
