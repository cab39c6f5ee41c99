"""Watchlist: countries ranked by the country forecast (the backtested risk that a new mass
killing begins), with the 14-factor profile that explains it and, separately, the dynamic
signals an analyst reads next to it (escalation, hot cells, civilian fatalities, the last
assessment, a 24-month trend), which were not backtested. Each row links to the country's
page; the method note is one click away."""

from __future__ import annotations

from datetime import date

import dash
import pandas as pd
from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    dash_table,
    dcc,
    html,
)
from dash.dash_table.Format import Format, Group, Scheme, Sign

from dashboard import figures
from dashboard.appstate import warehouse
from dashboard.components import demo_banner, notice
from dashboard.forecast import change_text, headline, method_note
from dashboard.sitrep_control import sitrep_control
from queries import incidents, watchlist
from queries.analytics.escalation import ARROWS, LABELS, LEVELS, MODERATE
from queries.analytics.results import status
from queries.forecast import store

dash.register_page(__name__, path="/watchlist", title="Watchlist — Atrocity Risk Monitor",
                   order=3,
                   nav="Watchlist", nav_order=1)

URL_NAMES = ["region"]
BLOCKS = "▁▂▃▄▅▆▇█"
NOT_COMPUTED = ("Analytics have not been computed for this warehouse: run `atrisk import ...` "
                "or restart `atrisk serve`.")
_ONE = Format(precision=1, scheme=Scheme.fixed)
_COUNT = Format(group=Group.yes)
_CHANGE = Format(precision=0, scheme=Scheme.percentage, sign=Sign.positive)
_SHARE = Format(precision=0, scheme=Scheme.percentage)
_RISK = Format(precision=1, scheme=Scheme.percentage)
_POINTS = Format(precision=1, scheme=Scheme.percentage, sign=Sign.positive)
COUNTRY, FORECAST, PROFILE, SIGNALS = ("Country", "Forecast (backtested)",
                                       "14-factor profile", "Dynamic signals (not backtested)")
# (id, (group, header), column options, header tooltip)
COLUMNS = (
    ("rank", (COUNTRY, "Rank"), {"type": "numeric"},
     "Rank by the forecast's 1-year risk among all countries (1 = highest)."),
    ("country", (COUNTRY, "Country"), {"presentation": "markdown"},
     "Opens the country's page."),
    ("un_region", (COUNTRY, "UN region"), {}, "The country's UN geoscheme region."),
    ("risk_1y", (FORECAST, "Risk, next year"), {"type": "numeric", "format": _RISK},
     "The probability that a new mass killing begins in the country next year (Early "
     "Warning Project definition). Backtested: see the method note."),
    ("risk_2y", (FORECAST, "Risk, 2 years"), {"type": "numeric", "format": _RISK},
     "The probability that one begins next year or the year after."),
    ("risk_change", (FORECAST, "Change"), {"type": "numeric", "format": _POINTS},
     "The 1-year risk against the forecast made a year before (percentage points)."),
    ("forecast_drivers", (FORECAST, "Largest contributions"), {},
     "The predictors that raise the country's risk most against the average country."),
    ("risk_index", (PROFILE, "Index 0-10"), {"type": "numeric", "format": _ONE},
     "Our 14-factor profile, not a UN score and not a forecast: 0 (low) to 10 (high), the "
     "geometric mean of the structural and dynamic scores of the UN Framework of Analysis "
     "risk factors. It explains; it was not backtested. Hover a value for its drivers."),
    ("completeness", (PROFILE, "Data"), {"type": "numeric", "format": _SHARE},
     "Completeness: the share of the model's indicators present for the country."),
    ("escalation", (SIGNALS, "Escalation"), {},
     "Events in the latest 4 weeks against the weekly average of the 52 weeks before; "
     "sorts from large decrease to large increase."),
    ("change_vs_baseline", (SIGNALS, "Change"), {"type": "numeric", "format": _CHANGE},
     "Events in the latest 4 weeks against what the year before's weekly average "
     "predicts (empty when there were none before)."),
    ("hot_cells", (SIGNALS, "Hot cells"), {"type": "numeric", "format": _COUNT},
     "0.5° grid cells where incidents cluster beyond chance (Getis-Ord Gi*, 90% "
     "confidence or more)."),
    ("hot_cells_99", (SIGNALS, "at 99%"), {"type": "numeric", "format": _COUNT},
     "Hot cells at 99% confidence."),
    ("civilian_fatalities", (SIGNALS, "Civilian fatalities, 12 months"),
     {"type": "numeric", "format": _COUNT},
     "Civilians killed in the 365 days to the date the data run through."),
    ("last_assessed", (SIGNALS, "Last assessment"), {"type": "datetime"},
     "Date of the latest Framework of Analysis assessment recorded for the country."),
    ("trend", (SIGNALS, "Incidents, 24 months"), {},
     "Incidents per calendar month, oldest on the left, scaled to the country's own "
     "busiest month; sorts by the total. Hover a trend for its numbers."),
)
SORTABLE = tuple(key for key, *_ in COLUMNS)
_MONO = "'DejaVu Sans Mono', 'Liberation Mono', Consolas, monospace"


def layout(region: str | None = None, **_query) -> html.Div:
    """The watchlist, optionally for one UN region (URL parameter ``region``; a value that
    is not a UN region is ignored and named in a notice)."""
    wh = warehouse()
    regions = watchlist.regions(wh)
    ignored = ()
    if isinstance(region, list | tuple):
        region = region[0] if region else None
    if region and region not in regions:
        ignored = (f"region {str(region)[:40]!r}",)
        region = None
    windows = watchlist.windows(wh)
    rows = watchlist_rows(wh, windows, region or "")
    return html.Div([
        demo_banner(incidents.sources(wh)),
        notice(ignored),
        html.H2("Watchlist"),
        _explanation(wh) if rows else None,
        method_note(store.summary(wh), "watchlist-method"),
        _windows_list(wh, windows) if windows is not None and rows else
        html.P(NOT_COMPUTED, id="watchlist-empty", className="empty"),
        html.Div([
            html.Div([
                html.Div([
                    html.Label("UN region", htmlFor="watchlist-region"),
                    dcc.Dropdown(id="watchlist-region", value=region or None,
                                 placeholder="All regions",
                                 options=[{"label": r, "value": r} for r in regions]),
                ], className="control"),
            ], className="filter-bar", role="search"),
            html.P(_count_text(rows), id="watchlist-count", className="muted"),
            sitrep_control(),
            _table(rows),
        ], hidden=not rows),
        dcc.Store(id="watchlist-url-names", data=URL_NAMES),
        dcc.Store(id="watchlist-url"),
    ], className="page")


clientside_callback(
    ClientsideFunction(namespace="atrisk", function_name="syncUrl"),
    Output("watchlist-url", "data"), Input("watchlist-region", "value"),
    State("watchlist-url-names", "data"),
)


@callback(Output("watchlist-table", "data"), Output("watchlist-table", "tooltip_data"),
          Output("watchlist-count", "children"), Input("watchlist-region", "value"),
          Input("watchlist-table", "sort_by"), prevent_initial_call=True)
def update_table(region, sort_by):
    """The rows (and their cell tooltips) of one UN region, or of all when none is chosen,
    in the order of the clicked header. Sorted here, not in the browser: the table's own
    sort leaves cell tooltips at the unsorted row's place (plotly/dash#3404)."""
    wh = warehouse()
    if region and region not in watchlist.regions(wh):
        raise ValueError(f"unknown UN region {str(region)[:40]!r}")
    rows = sorted_rows(watchlist_rows(wh, watchlist.windows(wh), region or ""), sort_by)
    return [r["data"] for r in rows], [r["tooltips"] for r in rows], _count_text(rows)


def sorted_rows(rows: list[dict], sort_by: list[dict] | None) -> list[dict]:
    """``rows`` (from :func:`watchlist_rows`) ordered by the table's ``sort_by`` (one
    column); missing values last either way, ties in rank order. No sort: ranked."""
    if not sort_by:
        return rows
    key, direction = sort_by[0].get("column_id"), sort_by[0].get("direction")
    if key not in SORTABLE or direction not in ("asc", "desc"):
        raise ValueError(f"cannot sort the watchlist by {str(key)[:40]!r} {direction!r}")
    present = [r for r in rows if r["sort"][key] is not None]
    missing = [r for r in rows if r["sort"][key] is None]
    present.sort(key=lambda r: r["sort"][key], reverse=direction == "desc")
    return present + missing


def watchlist_rows(wh, windows: dict | None, region: str = "") -> list[dict]:
    """One dict per country of ``region`` ('' for all), ranked by the forecast: ``data``
    (the table row) and ``tooltips`` (its cell tooltips). ``windows`` from
    :func:`queries.watchlist.windows` (None: no analytics yet, so no incident signals)."""
    frame = watchlist.ranked(wh, region)
    if windows is None:
        return [_row(rec, [], None) for rec in frame.to_dict("records")]
    monthly = watchlist.monthly_incidents(wh)
    return [_row(rec, monthly.get(rec["iso3"], []), windows["months_from"])
            for rec in frame.to_dict("records")]


def sparkline(values) -> str:
    """Counts as Unicode blocks ▁..█, scaled so the largest is █; 0 is ▁ and any count
    above 0 at least ▂, so "some" never looks like "none". All zero: all ▁."""
    values = [max(0, int(v)) for v in values]
    top = max(values, default=0)
    if top == 0:
        return BLOCKS[0] * len(values)
    return "".join(BLOCKS[0] if v == 0 else BLOCKS[max(1, round(v / top * 7))]
                   for v in values)


def sparkline_tooltip(values, first_month: date) -> str:
    """What a trend shows, in one sentence with its numbers."""
    values = [int(v) for v in values]
    if not values:
        return "No monthly counts."
    last_month = _add_months(first_month, len(values) - 1)
    span = f"{first_month:%b %Y} – {last_month:%b %Y}"
    if max(values) == 0:
        return f"Incidents per month, {span}: none."
    return (f"Incidents per month, {span}: {sum(values):,} in all, busiest month "
            f"{max(values):,} (the full block), latest month {values[-1]:,}.")


def escalation_sentence(rec: dict) -> str:
    """The escalation of one watchlist row in one sentence."""
    if pd.isna(rec.get("events_vs_baseline")):
        return "No incidents in the last 56 weeks: nothing to compare."
    latest = int(rec["events_latest"])
    expected = 4 * float(rec["events_baseline_weekly"])
    change = rec["change_vs_baseline"]
    if pd.isna(change):
        relation = "after none in the year before"
    elif change >= 0:
        relation = f"{change:.0%} more than the year before's average predicts " \
                   f"({expected:,.1f})"
    else:
        relation = f"{-change:.0%} fewer than the year before's average predicts " \
                   f"({expected:,.1f})"
    few = " (too few events to call it a change)" if (
        rec["events_vs_baseline"] == "limited_change" and not pd.isna(change)
        and abs(change) >= MODERATE) else ""
    return f"{LABELS[rec['events_vs_baseline']]}: {latest:,} events in the latest 4 weeks, " \
           f"{relation}{few}."


def _row(rec: dict, monthly: list, first_month: date | None) -> dict:
    cls = rec["events_vs_baseline"]
    known = not pd.isna(cls)
    data = {
        "iso3": rec["iso3"],
        "rank": int(rec["rank"]),
        "country": f"[{_markdown_text(rec['name'])}](/country/{rec['iso3']})",
        "un_region": rec["un_region"],
        "risk_1y": _number(rec["risk_1y"]),
        "risk_2y": _number(rec["risk_2y"]),
        "risk_change": _number(rec["risk_change"]),
        "forecast_drivers": rec["forecast_drivers"] if isinstance(rec["forecast_drivers"],
                                                                   str) else "",
        "risk_index": _number(rec["risk_index"]),
        "escalation": f"{ARROWS[cls]} {LABELS[cls]}" if known else "–",
        "change_vs_baseline": _number(rec["change_vs_baseline"]),
        "hot_cells": int(rec["hot_cells"]),
        "hot_cells_99": int(rec["hot_cells_99"]),
        "civilian_fatalities": int(rec["civilian_fatalities"]),
        "last_assessed": "" if pd.isna(rec["last_assessed"]) else
        pd.Timestamp(rec["last_assessed"]).strftime("%Y-%m-%d"),
        "completeness": _number(rec["completeness"]),
        "trend": sparkline(monthly),
    }
    tooltips = {
        "risk_1y": _forecast_tooltip(rec),
        "risk_change": _forecast_tooltip(rec),
        "risk_index": _risk_tooltip(rec),
        "escalation": escalation_sentence(rec),
        "trend": sparkline_tooltip(monthly, first_month) if first_month else
        "No analytics computed yet.",
    }
    sort = {key: value for key, value in data.items() if key in SORTABLE}
    sort.update(country=str(rec["name"]).casefold(),
                escalation=LEVELS[cls] if known else None,
                last_assessed=data["last_assessed"] or None,
                trend=sum(int(v) for v in monthly))
    return {"data": data, "tooltips": tooltips, "sort": sort}


def _forecast_tooltip(rec: dict) -> str:
    if pd.isna(rec["risk_1y"]):
        return "No forecast: the Early Warning Project's data do not cover this country."
    return f"{headline(rec)} {change_text(rec)}"


def _risk_tooltip(rec: dict) -> str:
    if pd.isna(rec["risk_index"]):
        return "Not scored: the structural or the dynamic score is missing."
    return (f"Structural {rec['structural']:.1f}, dynamic {rec['dynamic']:.1f}; "
            f"drivers: {rec['drivers'] or 'none'}.")


def _table(rows: list[dict]) -> dash_table.DataTable:
    return dash_table.DataTable(
        id="watchlist-table",
        columns=[{"id": key, "name": list(name), **options}
                 for key, name, options, _ in COLUMNS],
        merge_duplicate_headers=True,
        data=[r["data"] for r in rows],
        tooltip_data=[r["tooltips"] for r in rows],
        tooltip_header={key: tip for key, _, _, tip in COLUMNS},
        tooltip_delay=300, tooltip_duration=None,
        sort_action="custom", sort_mode="single", sort_by=[], page_action="none",
        markdown_options={"link_target": "_self"},
        style_table={"overflowX": "auto"}, style_as_list_view=True,
        style_cell={"fontFamily": figures.FONT_FAMILY, "fontSize": 13, "textAlign": "left",
                    "padding": "4px 8px", "whiteSpace": "normal", "height": "auto"},
        style_header={"fontWeight": "600", "whiteSpace": "normal"},
        style_cell_conditional=[
            {"if": {"column_type": "numeric"}, "textAlign": "right"},
            {"if": {"column_id": "risk_1y"}, "fontWeight": "600"},
            {"if": {"column_id": "forecast_drivers"}, "minWidth": "260px"},
            {"if": {"column_id": "country"}, "minWidth": "180px"},
            {"if": {"column_id": "escalation"}, "minWidth": "150px", "whiteSpace": "nowrap"},
            {"if": {"column_id": "trend"}, "whiteSpace": "pre"},
        ],
        style_data_conditional=[
            {"if": {"column_id": "trend"}, "fontFamily": _MONO, "fontSize": 15,
             "color": "#00558c"},
            {"if": {"column_id": "escalation", "filter_query": '{escalation} contains "increase"'},
             "color": "#a1321d", "fontWeight": "600"},
            {"if": {"column_id": "escalation", "filter_query": '{escalation} contains "decrease"'},
             "color": "#1f5f8b"},
        ],
        css=[{"selector": ".dash-table-tooltip",
              "rule": "max-width: 420px; font-size: 13px; white-space: normal;"},
             {"selector": ".cell-markdown p", "rule": "margin: 0;"}],
    )


def _explanation(wh) -> html.P:
    """What the ranking is, in a few sentences."""
    summary = store.summary(wh)
    forecast = (f"the backtested risk that a new mass killing begins in the country in "
                f"{summary['data_through'] + 1} (data through {summary['data_through']}; "
                f"out of sample it ranked {summary['top30_share']:.0%} of new mass killings "
                f"in that year's top 30)") if summary else "the country forecast"
    return html.P(["Countries ranked by ", html.B("the country forecast"), ": ", forecast,
                   ". Hover a risk for the full sentence and the change since last year's "
                   "forecast. The ", html.B("14-factor profile"), " (our index of the UN "
                   "Framework of Analysis risk factors, not a UN score) explains the "
                   "situation; it is not a forecast. The ", html.B("dynamic signals"),
                   " describe recent incidents in this warehouse and were not backtested: "
                   "no accuracy is claimed for them."], id="watchlist-about")


def _windows_list(wh, windows: dict) -> html.Div:
    """The windows the dynamic signals cover."""
    run = status(wh)
    computed = f" (computed {run.computed_at:%d %b %Y %H:%M} UTC)" if run else ""
    return html.Div([
        html.Ul([
            html.Li([html.B("Data through "), _day(windows["data_through"]), computed,
                     " (the dynamic signals; the forecast has its own year)."]),
            html.Li([html.B("Escalation: "),
                     "events in the 4 weeks ", _span(windows, "escalation"),
                     " against the weekly average of the 52 weeks before: "
                     f"{ARROWS['large_increase']} more than +25%, "
                     f"{ARROWS['moderate_increase']} +10 to +25%, "
                     f"{ARROWS['limited_change']} within ±10% (or too few events to tell), "
                     f"{ARROWS['moderate_decrease']} and {ARROWS['large_decrease']} "
                     "the same downwards."]),
            html.Li([html.B("Hot cells: "), "0.5° grid cells where incidents cluster more than "
                     "chance would give (Getis-Ord Gi*), ", _span(windows, "hotspot"), "."]),
            html.Li([html.B("Civilian fatalities: "), "civilians killed ",
                     f"{_day(windows['civilian_from'])} – {_day(windows['data_through'])}",
                     " (365 days, as the risk index counts them)."]),
            html.Li([html.B("Incidents, 24 months: "),
                     f"one block per calendar month, {windows['months_from']:%b %Y} – "
                     f"{pd.Timestamp(windows['data_through']):%b %Y}, each country scaled to "
                     "its own busiest month (the full block)."]),
        ], id="watchlist-windows", className="muted"),
    ])


def _span(windows: dict, name: str) -> str:
    start, end = windows[f"{name}_from"], windows[f"{name}_to"]
    if pd.isna(start) or pd.isna(end):
        return "(none computed)"
    return f"{_day(start)} – {_day(end)}"


def _day(value) -> str:
    day = pd.Timestamp(value)
    return f"{day.day} {day:%b %Y}"


def _count_text(rows: list[dict]) -> str:
    return (f"{len(rows):,} countries, ranked by the forecast; click a column's arrows to "
            "sort by it.")


def _add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _number(value) -> float | None:
    return None if pd.isna(value) else float(value)


def _markdown_text(text: str) -> str:
    """``text`` safe inside a markdown link label."""
    return "".join(f"\\{ch}" if ch in "\\[]()*_`<>#!" else ch for ch in str(text))


def validation_layout() -> html.Div:
    """The components the page's callbacks name, without data (see
    :func:`dashboard.shell.validation_layout`)."""
    return html.Div([
        dcc.Dropdown(id="watchlist-region"),
        html.P(id="watchlist-count"),
        dcc.RadioItems(id="watchlist-sitrep-format"),
        html.Button(id="watchlist-sitrep-start"),
        html.Progress(id="watchlist-sitrep-progress"),
        html.Span(id="watchlist-sitrep-status"),
        html.A(id="watchlist-sitrep-link"),
        dcc.Interval(id="watchlist-sitrep-poll"),
        dcc.Store(id="watchlist-sitrep-job"),
        dash_table.DataTable(id="watchlist-table"),
        dcc.Store(id="watchlist-url-names"),
        dcc.Store(id="watchlist-url"),
    ])
