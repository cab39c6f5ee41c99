"""Watchlist: countries ranked by the country forecast (the backtested risk that a new mass
killing begins), with the 14-factor profile that explains it and, separately, the dynamic
signals an analyst reads next to it (escalation, hot cells, civilian fatalities, the last
assessment, a 24-month trend), which were not backtested. Each row links to the country's
page; the method note is one click away."""

from __future__ import annotations

from datetime import date

import dash
import dash_ag_grid as dag
import pandas as pd
from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    dcc,
    html,
)

from dashboard.appstate import warehouse
from dashboard.components import demo_banner, notice, url_sort
from dashboard.forecast import change_text, headline, method_note
from dashboard.sitrep_control import sitrep_control
from queries import incidents, watchlist
from queries.analytics.escalation import ARROWS, LABELS, LEVELS, MODERATE
from queries.analytics.results import status
from queries.forecast import store

dash.register_page(__name__, path="/watchlist", title="Watchlist — Atrocity Risk Monitor",
                   order=3,
                   nav="Watchlist", nav_order=1)

URL_NAMES = ["region"]   # and sort, desc: the grid's
BLOCKS = "▁▂▃▄▅▆▇█"
NOT_COMPUTED = ("Analytics have not been computed for this warehouse: run `atrisk import ...` "
                "or restart `atrisk serve`.")
COUNTRY, FORECAST, PROFILE, SIGNALS = ("Country", "Forecast (backtested)",
                                       "14-factor profile", "Dynamic signals (not backtested)")
# (id, (group, header), column options, header tooltip)
COLUMNS = (
    ("rank", (COUNTRY, "Rank"), {"type": "numeric"},
     "Rank by the forecast's 1-year risk among all countries (1 = highest)."),
    ("country", (COUNTRY, "Country"), {},
     "Opens the country's page."),
    ("un_region", (COUNTRY, "UN region"), {}, "The country's UN geoscheme region."),
    ("risk_1y", (FORECAST, "Risk, next year"), {"format": "risk"},
     "The probability that a new mass killing begins in the country next year (Early "
     "Warning Project definition). Backtested: see the method note."),
    ("risk_2y", (FORECAST, "Risk, 2 years"), {"format": "risk"},
     "The probability that one begins next year or the year after."),
    ("risk_change", (FORECAST, "Change"), {"format": "points"},
     "The 1-year risk against the forecast made a year before (percentage points)."),
    ("forecast_drivers", (FORECAST, "Largest contributions"), {},
     "The predictors that raise the country's risk most against the average country."),
    ("risk_index", (PROFILE, "Index 0-10"), {"format": "one"},
     "Our 14-factor profile, not a UN score and not a forecast: 0 (low) to 10 (high), the "
     "geometric mean of the structural and dynamic scores of the UN Framework of Analysis "
     "risk factors. It explains; it was not backtested. Hover a value for its drivers."),
    ("completeness", (PROFILE, "Data"), {"format": "share"},
     "Completeness: the share of the model's indicators present for the country."),
    ("escalation", (SIGNALS, "Escalation"), {},
     "Events in the latest 4 weeks against the weekly average of the 52 weeks before; "
     "sorts from large decrease to large increase."),
    ("change_vs_baseline", (SIGNALS, "Change"), {"format": "change"},
     "Events in the latest 4 weeks against what the year before's weekly average "
     "predicts (empty when there were none before)."),
    ("hot_cells", (SIGNALS, "Hot cells"), {"format": "count"},
     "0.5° grid cells where incidents cluster beyond chance (Getis-Ord Gi*, 90% "
     "confidence or more)."),
    ("hot_cells_99", (SIGNALS, "at 99%"), {"format": "count"},
     "Hot cells at 99% confidence."),
    ("civilian_fatalities", (SIGNALS, "Civilian fatalities, 12 months"),
     {"format": "count"},
     "Civilians killed in the 365 days to the date the data run through."),
    ("last_assessed", (SIGNALS, "Last assessment"), {},
     "Date of the latest Framework of Analysis assessment recorded for the country."),
    ("trend", (SIGNALS, "Incidents, 24 months"), {},
     "Incidents per calendar month, oldest on the left, scaled to the country's own "
     "busiest month; sorts by the total. Hover a trend for its numbers."),
)
SORTABLE = tuple(key for key, *_ in COLUMNS)


def layout(region: str | None = None, sort: str | None = None, desc: str | None = None,
           **_query) -> html.Div:
    """The watchlist, optionally for one UN region (URL parameter ``region``) and sorted by
    one column (``sort``, ``desc`` 1 or 0; ranked when absent). A value it cannot use is
    ignored and named in a notice."""
    wh = warehouse()
    regions = watchlist.regions(wh)
    ignored = ()
    if isinstance(region, list | tuple):
        region = region[0] if region else None
    if region and region not in regions:
        ignored = (f"region {str(region)[:40]!r}",)
        region = None
    sorted_by, bad_sort = url_sort(sort, desc, SORTABLE)
    windows = watchlist.windows(wh)
    rows = watchlist_rows(wh, windows, region or "")
    return html.Div([
        demo_banner(incidents.sources(wh)),
        notice(ignored + bad_sort),
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
            _grid(rows, sorted_by),
        ], hidden=not rows),
        dcc.Store(id="watchlist-url-names", data={"names": URL_NAMES, "sort_default": None}),
        dcc.Store(id="watchlist-url"),
    ], className="page")


clientside_callback(
    ClientsideFunction(namespace="atrisk", function_name="syncUrlGrid"),
    Output("watchlist-url", "data"), Input("watchlist-region", "value"),
    Input("watchlist-table", "columnState"), State("watchlist-url-names", "data"),
)


@callback(Output("watchlist-table", "rowData"), Output("watchlist-count", "children"),
          Input("watchlist-region", "value"), prevent_initial_call=True)
def update_table(region):
    """The rows of one UN region, or of all when none is chosen (the grid keeps its sort)."""
    wh = warehouse()
    if region and region not in watchlist.regions(wh):
        raise ValueError(f"unknown UN region {str(region)[:40]!r}")
    rows = watchlist_rows(wh, watchlist.windows(wh), region or "")
    return [grid_row(r) for r in rows], _count_text(rows)


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
        "country": str(rec["name"]),
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


def _grid(rows: list[dict], sort: tuple[str, bool] | None) -> dag.AgGrid:
    """The ranked table: sorted in the browser (every row is sent) by the keys each row
    carries, its cell tooltips in the rows themselves, so they follow a sorted row."""
    return dag.AgGrid(
        id="watchlist-table",
        rowData=[grid_row(r) for r in rows],
        columnDefs=_column_defs(sort),
        getRowId="params.data.iso3",
        defaultColDef={"sortable": True, "resizable": True, "minWidth": 95,
                       "wrapHeaderText": True, "autoHeaderHeight": True,
                       "sortingOrder": ["asc", "desc", None]},
        columnSize="responsiveSizeToFit", className="grid watchlist-grid",
        dashGridOptions={"domLayout": "autoHeight", "ensureDomOrder": True,
                         "suppressColumnVirtualisation": True, "animateRows": False,
                         "tooltipShowDelay": 300, "tooltipInteraction": False,
                         "enableBrowserTooltips": False},
    )


def grid_row(row: dict) -> dict:
    """One row of the grid: the shown values, each cell's tooltip (``tip_<column>``) and each
    column's sort key (``key_<column>``)."""
    return (row["data"] | {f"tip_{key}": tip for key, tip in row["tooltips"].items()}
            | {f"key_{key}": value for key, value in row["sort"].items()})


def _column_defs(sort: tuple[str, bool] | None) -> list[dict]:
    """Header groups of COLUMNS, each column sorted by its key; ``sort`` is the initial
    (column, descending)."""
    groups: dict[str, list[dict]] = {}
    for key, (group, header), options, tip in COLUMNS:
        column = {"field": key, "headerName": header, "headerTooltip": tip,
                  "comparator": {"function": f"byKey('key_{key}')"},
                  **_GRID_OPTIONS.get(key, {}), **_grid_format(options)}
        if key in _TIPS:
            column["tooltipField"] = f"tip_{key}"
        if sort and sort[0] == key:
            column["sort"] = "desc" if sort[1] else "asc"
        groups.setdefault(group, []).append(column)
    return [{"headerName": group, "children": children, "marryChildren": True}
            for group, children in groups.items()]


def _grid_format(options: dict) -> dict:
    if "format" in options:
        formatter = f"formatNumber(params.value, '{options['format']}')"
        return {"valueFormatter": {"function": formatter}, "type": "rightAligned"}
    return {"type": "rightAligned"} if options.get("type") == "numeric" else {}


# Only these wrap (and so set their row's height): measuring every cell is slow.
_WRAPPED = {"wrapText": True, "autoHeight": True}
_TIPS = ("risk_1y", "risk_change", "risk_index", "escalation", "trend")
_GRID_OPTIONS = {
    "rank": {"minWidth": 70, "maxWidth": 80},
    "country": {"cellRenderer": "CountryLink", "minWidth": 170, **_WRAPPED},
    "risk_1y": {"cellClass": "strong"},
    "forecast_drivers": {"minWidth": 240, **_WRAPPED},
    "escalation": {"minWidth": 150, "cellClassRules": {
        "escalation-up": "params.value.includes('increase')",
        "escalation-down": "params.value.includes('decrease')"}},
    "trend": {"minWidth": 230, "cellClass": "sparkline"},
}


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
        dag.AgGrid(id="watchlist-table"),
        dcc.Store(id="watchlist-url-names"),
        dcc.Store(id="watchlist-url"),
    ])
