"""Country: admin-1 map with incident points, KPIs, trends by category and region, top
actors, and the incident table with a CSV download of exactly the filtered rows."""

from __future__ import annotations

import re

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
    ctx,
    dcc,
    html,
)
from flask import request

from dashboard import appstate, data_range, early_warning, figures, layers
from dashboard import forecast as forecast_text
from dashboard.access import actor, current_access
from dashboard.appstate import warehouse
from dashboard.components import (
    demo_banner,
    export_menu,
    filter_bar,
    format_value,
    kpi_card,
    kpi_children,
    lazy_graph,
    lazy_graph_callbacks,
    lazy_graph_ids,
    near_slot,
    near_slot_ids,
    notice,
    plural,
    table,
    url_sort,
    watch_near,
)
from dashboard.dates import day_text
from dashboard.downloads import incidents_csv_link
from dashboard.errors import UNAVAILABLE, first_answer
from dashboard.exports.routes import job_view, jobs, snapshot_link, start_briefing
from dashboard.filters import (
    control_values,
    filter_from_controls,
    parse_filters,
    without_foreign_region,
)
from dashboard.maps import POINT_CAP, MapView, base_map_url, page_map
from dashboard.notes_panel import notes_panel
from geodata.places import ATTRIBUTION as TOWNS_CREDIT
from queries import assessments, audit, incidents
from queries.analytics import results
from queries.assessments import JUDGEMENTS, MAX_EVIDENCE
from queries.forecast import store as forecast_store

dash.register_page(__name__, path_template="/country/<iso3>",
                   title="Country — Atrocity Risk Monitor", order=1)

KPIS = (("incidents", "Incidents"), ("fatalities", "Fatalities"),
        ("civilian_fatalities", "Civilian fatalities"), ("regions", "Admin-1 regions affected"))
URL_NAMES = ["from", "to", "category", "source", "admin1"]   # and sort, desc: the table's
DEFAULT_SORT = ("event_date", True)
PAGE_SIZE = 25
_ISO3 = re.compile(r"^[A-Z]{3}$")
FILTERS = [Input("country-dates", "start_date"), Input("country-dates", "end_date"),
           Input("country-category", "value"), Input("country-source", "value"),
           Input("country-admin1", "value")]
TABLE_COLUMNS = [("event_date", "Date"), ("admin1_name", "Admin-1 region"),
                 ("location", "Location"), ("category", "Category"),
                 ("perpetrator", "Perpetrator"), ("target", "Target"),
                 ("fatalities", "Fatalities"), ("civilian_fatalities", "Civilian"),
                 ("source", "Source")]


def layout(iso3: str | None = None, **query) -> html.Div:
    """The page of one country (``/country/<ISO3>``) with optional URL parameters
    ``from``, ``to``, ``category``, ``source`` and ``admin1``. (Called without ``iso3``,
    it returns the page's full structure, which Dash uses to validate callbacks.)"""
    wh = warehouse()
    if iso3 is None:
        return _page(wh, "", "Country", query)
    iso3 = iso3.upper()
    name = incidents.country_name(wh, iso3) if _ISO3.match(iso3) else None
    if name is None:
        return html.Div([html.H2("Unknown country"),
                         html.P(f"There is no country with the code {iso3[:12]!r}. "
                                "Country pages use ISO 3166-1 alpha-3 codes, e.g. /country/CAF."),
                         dcc.Link("Back to the overview", href="/")], className="page")
    return _page(wh, iso3, name, query)


def briefing_control() -> html.Div:
    """Make the country's briefing pack in the background, with a progress bar, then a
    download link; the rest of the page stays usable meanwhile."""
    return html.Div([
        dcc.RadioItems(id="country-briefing-format", value="pdf", inline=True,
                       options=[{"label": "PDF", "value": "pdf"},
                                {"label": "Word (DOCX, editable)", "value": "docx"}]),
        html.Button("Make briefing pack", id="country-briefing-start", className="button",
                    n_clicks=0),
        html.Progress(id="country-briefing-progress", max=1, value=0, hidden=True),
        html.Span(id="country-briefing-status", className="muted", role="status"),
        html.A("Download briefing pack", id="country-briefing-link", className="button",
               href="", download="", hidden=True),
        dcc.Interval(id="country-briefing-poll", interval=500, disabled=True),
        dcc.Store(id="country-briefing-job"),
    ], className="briefing")


def _page(wh, iso3: str, name: str, query: dict) -> html.Div:
    parsed = parse_filters(wh, query, iso3)
    regions = incidents.admin1_totals(wh, parsed.filter)
    parsed = without_foreign_region(parsed, set(regions["admin1_code"]), name)
    table_sort, bad_sort = url_sort(query.get("sort"), query.get("desc"), incidents.SORTABLE)
    region_control = html.Div([
        html.Label("Admin-1 region", htmlFor="country-admin1"),
        dcc.Dropdown(id="country-admin1", value=parsed.filter.admin1 or None,
                     placeholder="Whole country",
                     options=[{"label": n, "value": c} for c, n in
                              zip(regions["admin1_code"], regions["name"], strict=True)]),
    ], className="control wide")
    known = incidents.sources(wh)
    current = _current_forecast(wh, iso3)
    first = _first_view(parsed.filter, iso3)
    return html.Div([
        demo_banner(known),
        notice(parsed.ignored + bad_sort),
        html.Div(first.get("notice"), id="country-range-notice-slot"),
        html.Div([dcc.Link("← World", href="/"), html.H2(name, id="country-name")],
                 className="title-row"),
        _summary_band(current),
        _section_nav(),
        filter_bar("country", parsed.filter, known, extra=[region_control]),
        html.Div([kpi_card(f"country-kpi-{key.replace('_', '-')}", label, value)
                  for (key, label), value in zip(KPIS, first.get("kpis", [None] * len(KPIS)),
                                                 strict=True)],
                 className="kpis", id="country-section-map"),
        html.P("Admin-1 regions are Natural Earth boundaries of about 2013 unless you loaded "
               "your own (atrisk boundaries). Click a region to filter the page to it; dots "
               f"are the deadliest {POINT_CAP:,} incidents at most. {TOWNS_CREDIT}.",
               className="map-note"),
        export_menu("country"),
        dcc.Loading(dcc.Graph(id="country-map",
                              config=figures.graph_config(f"{iso3}-map", base_map_url(wh, iso3)),
                              figure=figures.empty_figure("Loading the map …",
                                                          figures.MAP_HEIGHT)),
                    type="dot", delay_show=300),
        briefing_control(),
        dcc.Store(id="country-iso3", data=iso3),
        dcc.Store(id="country-map-drawn"),
        html.Div([
            html.Div([html.H3("By category"),
                      lazy_graph("country-timeseries-category", figures.graph_config("trend"),
                                 first.get("by_category"), figures.TREND_HEIGHT)],
                     className="half"),
            html.Div([html.H3("By admin-1 region"),
                      lazy_graph("country-timeseries-admin1", figures.graph_config("trend"),
                                 first.get("by_region"), figures.TREND_HEIGHT)],
                     className="half"),
        ], className="row"),
        *_early_warning(wh, iso3, current),
        notes_panel(iso3),
        *near_slot("country-actors", html.Div([
            html.Div([html.H3("Top perpetrators"), html.Div(id="country-top-perpetrators")],
                     className="half"),
            html.Div([html.H3("Top targets"), html.Div(id="country-top-targets")],
                     className="half"),
        ], className="row")),
        html.Div([html.H3("Incidents", id="country-incidents", tabIndex="-1"),
                  html.A("Download CSV", id="country-download-link", className="button",
                         href="#", download=""),
                  html.Span(first.get("count"), id="country-table-count", className="muted")],
                 className="panel-head"),
        *incident_slot(table_sort or DEFAULT_SORT),
        dcc.Store(id="country-table-refreshed"),
        dcc.Store(id="country-url-names",
                  data={"names": URL_NAMES, "sort_default": list(DEFAULT_SORT)}),
        dcc.Store(id="country-url"),
    ], className="page")


clientside_callback(
    ClientsideFunction(namespace="atrisk", function_name="syncUrlGrid"),
    Output("country-url", "data"), *FILTERS, Input("country-incident-columns", "data"),
    State("country-url-names", "data"),
)

# A new filter empties the grid's cache of pages, so it asks for its first page again.
clientside_callback(
    ClientsideFunction(namespace="atrisk", function_name="refreshInfiniteGrid"),
    Output("country-table-refreshed", "data"), *FILTERS,
    State("country-incident-grid", "data"), prevent_initial_call=True,
)

# The grid's column state, kept where callbacks can read it before the grid is on the page
# (a callback whose inputs are partly missing would not run).
clientside_callback(
    ClientsideFunction(namespace="atrisk", function_name="passOn"),
    Output("country-incident-columns", "data"), Input("country-incident-table", "columnState"),
)


def _first_view(f, iso3: str) -> dict:
    """What the filter callbacks would answer for the page's first filter ``f``, computed
    with the page: it arrives filled in, without a round trip per part (those callbacks
    then run only when a filter changes); a part that fails is left empty, with the alert.
    (The matrix and the actor tables are filled when near instead.) Empty for the
    validation layout (no country)."""
    if not iso3:
        return {}
    controls = (*control_values(f), f.admin1 or None)
    unavailable = figures.empty_figure(UNAVAILABLE)
    by_category, by_region = first_answer(lambda: update_timeseries(*controls, iso3),
                                          (unavailable, unavailable))
    return {"notice": first_answer(lambda: update_range_notice(*controls, iso3), None),
            "kpis": first_answer(lambda: update_kpis(*controls, iso3), [None] * len(KPIS)),
            "by_category": by_category, "by_region": by_region,
            "count": first_answer(lambda: update_table_count(*controls, iso3), None)}


SECTIONS = (("country-section-map", "Map and trends"), ("country-early-warning", "Early warning"),
            ("country-foa-heading", "Framework of Analysis"), ("country-incidents", "Incidents"))


def _current_forecast(wh, iso3: str) -> dict | None:
    """The country's stored forecast, as the forecast's wording reads it; None without."""
    current = forecast_store.country_forecast(wh, iso3) if iso3 else None
    if current is not None:
        current["forecast_rank"] = current["rank"]
    return current


def _summary_band(current: dict | None) -> html.Div:
    """What a reader takes in first: the forecast in one line."""
    line = forecast_text.headline(current) if current is not None else forecast_text.NOT_FORECAST
    return html.Div(html.P(line, id="country-summary-forecast", className="summary-line"),
                    id="country-summary", className="summary-band")


def _section_nav() -> html.Nav:
    """Links to the page's parts, kept at the top of the window while the page scrolls, so
    each part (the incident table included) is one click away from anywhere on it."""
    return html.Nav([html.Span("On this page:", className="muted"),
                     *[html.A(label, href=f"#{anchor}") for anchor, label in SECTIONS]],
                    id="country-section-nav", className="section-nav sticky",
                    **{"aria-label": "On this page"})


def _early_warning(wh, iso3: str, current: dict | None) -> list:
    """Escalation, the risk model's drivers, the Framework of Analysis matrix and hot
    cells. Their windows are the analytics' own (the latest data), except the matrix's
    supporting incidents, which follow the page's filters."""
    run = results.status(wh) if iso3 else None
    if run is None:
        as_of = "Analytics have not been computed for this warehouse yet."
        escalation, components, cells = None, pd.DataFrame(), None
    else:
        as_of = (f"Early-warning analytics as of {day_text(run.data_through)} (the latest "
                 "incident date); the filters above do not change them.")
        escalation = early_warning.escalation_panel(results.escalation_of_country(wh, iso3))
        components = results.risk_of_country(wh, iso3)
        cells = early_warning.forecast_cells_table(
            results.forecast_cells(wh, iso3),
            layers.forecast_note(results.forecast_run(wh), shown=0))
    return [
        html.H2("Early warning", id="country-early-warning", tabIndex="-1"),
        *_forecast(wh, iso3, current),
        html.H3("Dynamic signals and the 14-factor profile"),
        html.P(as_of, className="muted", id="country-analytics-as-of"),
        html.Div([
            html.Div([html.H3("Escalation, latest 4 weeks"),
                      escalation or html.Div(id="country-escalation")], className="half"),
            html.Div([html.H3("14-factor profile (explains; not a forecast)"),
                      early_warning.risk_summary(components),
                      lazy_graph("country-risk-factors", figures.graph_config("risk"),
                                 figures.risk_factors_chart(components), figures.RISK_HEIGHT)],
                     className="half"),
        ], className="row"),
        html.H3("Framework of Analysis: risk factors", id="country-foa-heading",
                tabIndex="-1"),
        html.P("Analysts' latest judgement per risk factor (recorded below by analysts, or "
               "imported with `atrisk import assessments FILE`), our model's score, and the "
               "incidents in the window that are evidence for the factor.",
               className="muted"),
        *near_slot("country-foa-part", html.Div(id="country-foa")),
        *_judgement_form(wh),
        html.H3("Forecast: violence against civilians, next 3 months (likeliest cells)"),
        cells or html.Div(id="country-hot-cells"),
    ]


def _forecast(wh, iso3: str, current: dict | None) -> list:
    """The country forecast (``current``): the headline, the change since last year, its
    largest contributions, the forecasts over the years with the onsets marked, the method
    note."""
    if current is None:
        return [html.P(forecast_text.NOT_FORECAST, id="country-forecast", className="muted")]
    drivers = forecast_store.country_drivers(wh, iso3)
    return [
        html.Div([
            html.P(html.B(forecast_text.headline(current)), className="forecast-headline"),
            html.P(forecast_text.change_text(current), className="muted"),
            html.P("Largest contributions against the average country (log-odds; positive "
                   "raises the risk):", className="muted"),
            html.Ul([html.Li(f"{row.label} ({row.contribution:+.2f})")
                     for row in drivers.itertuples()], id="country-forecast-drivers"),
        ], id="country-forecast"),
        lazy_graph("country-forecast-history", figures.graph_config("forecast"),
                   figures.forecast_history_chart(forecast_store.history(wh, iso3), current),
                   figures.FORECAST_HEIGHT),
        forecast_text.method_note(forecast_store.summary(wh), "country-forecast-method"),
    ]


def _judgement_form(wh) -> list:
    """For analysts: record a judgement of one risk factor (present, absent, unknown) with
    its evidence. Everyone gets the status line, which refreshes the matrix."""
    saved = html.Span(id="country-foa-saved", className="muted", role="status")
    if not current_access().has("analyst"):
        return [saved]
    factors = assessments.catalogue_factors(wh)
    return [html.Div([
        html.Div([html.Label("Risk factor", htmlFor="country-foa-factor"),
                  dcc.Dropdown(id="country-foa-factor", clearable=False, value=1, options=[
                      {"label": f"{r.factor}. {r.name}", "value": int(r.factor)}
                      for r in factors.itertuples()])], className="control wide"),
        html.Div([html.Label("Judgement", htmlFor="country-foa-judgement"),
                  dcc.RadioItems(id="country-foa-judgement", value="unknown", inline=True,
                                 options=list(JUDGEMENTS))], className="control"),
        html.Div([html.Label("Evidence", htmlFor="country-foa-evidence"),
                  dcc.Textarea(id="country-foa-evidence", maxLength=MAX_EVIDENCE,
                               placeholder="What the judgement rests on")],
                 className="control wide"),
        html.Button("Record judgement", id="country-foa-save", className="button",
                    n_clicks=0),
        saved,
    ], className="filter-bar", id="country-foa-form")]


@callback(Output("country-foa-saved", "children"), Input("country-foa-save", "n_clicks"),
          State("country-foa-factor", "value"), State("country-foa-judgement", "value"),
          State("country-foa-evidence", "value"), State("country-iso3", "data"),
          prevent_initial_call=True)
def record_judgement(_clicks, factor, judgement, evidence, iso3):
    """Record the analyst's judgement (the role is checked again where it is written)."""
    made = assessments.record_judgement(warehouse(), current_access(), iso3, factor,
                                        judgement, evidence)
    audit.record_event(appstate.settings().db, actor(), "edit.assessment",
                       {"iso3": made.iso3, "factor": made.factor,
                        "judgement": made.judgement, "evidence": made.evidence},
                       request.remote_addr)
    return f"Recorded: factor {made.factor} {made.judgement} ({made.assessed_on})."


# The Framework of Analysis matrix and the actor tables (about 250 components, below the
# first screen) are filled when their slot comes near the window, not with the page, and
# again when a filter changes: a first load then renders a third fewer components (at 1M
# incidents the map was drawn 0.16 s sooner, 0.06-0.29 s, benchmarks/first_load_ab.py).
watch_near("country-foa-part")
watch_near("country-actors")


@callback(Output("country-foa", "children"), *FILTERS, Input("country-foa-saved", "children"),
          Input("country-foa-part-near", "data"), State("country-iso3", "data"),
          prevent_initial_call=True)
def update_assessments(start, end, chosen, source, admin1, _saved, _near, iso3):
    """The Framework of Analysis matrix, its supporting incidents counted in the filters."""
    f = _filter(start, end, chosen, source, admin1, iso3)
    return early_warning.assessment_matrix(results.assessment_matrix(warehouse(), f), f)


def _filter(start, end, chosen, source, admin1, iso3, with_region=True):
    return filter_from_controls(start, end, chosen, source, iso3,
                                admin1 if with_region else None)


@callback(Output("country-range-notice-slot", "children"), *FILTERS,
          State("country-iso3", "data"), prevent_initial_call=True)
def update_range_notice(start, end, chosen, source, admin1, iso3):
    """Where the country's incidents lie, with a link that opens that range, when none fall
    in the window."""
    wh = warehouse()
    f = _filter(start, end, chosen, source, admin1, iso3)
    found = data_range.outside_window(wh, f)
    links = [data_range.range_link("country-range-link", f"Show {data_range.range_text(found)}",
                                   f"/country/{iso3}", found)] if found else []
    return data_range.range_notice("country-range-notice", incidents.country_name(wh, iso3),
                                   f, found, links)


@callback([Output(f"country-kpi-{key.replace('_', '-')}", "children") for key, _ in KPIS],
          *FILTERS, State("country-iso3", "data"), prevent_initial_call=True)
def update_kpis(start, end, chosen, source, admin1, iso3):
    """The window's totals against the previous window of equal length."""
    f = _filter(start, end, chosen, source, admin1, iso3)
    totals = incidents.totals_with_change(warehouse(), f)
    return [kpi_children(label, *totals[key], f.days) for key, label in KPIS]


@callback(Output("country-map", "figure"), Output("country-map-drawn", "data"),
          *FILTERS, State("country-iso3", "data"), State("country-map-drawn", "data"))
def update_map(start, end, chosen, source, admin1, iso3, drawn):
    """Regions coloured by incidents (all regions, the chosen one outlined) and the points
    of the chosen region or of the whole country. Geometry is sent once."""
    shown = page_map(warehouse(), MapView("country", _filter(start, end, chosen, source,
                                                             admin1, iso3)))
    if drawn == shown.key:
        return shown.patch(), drawn
    return shown.figure(), shown.key


@callback(Output("country-admin1", "value"), Input("country-map", "clickData"),
          State("country-admin1", "value"), prevent_initial_call=True)
def select_region(click, current):
    """Clicking a region (or an incident in it) filters the page to it; clicking it again
    clears the filter."""
    code = figures.clicked_region(click)
    if not code:
        return dash.no_update
    return None if code == current else code


LAZY_GRAPHS = ("country-timeseries-category", "country-timeseries-admin1",
               "country-risk-factors", "country-forecast-history")
for _graph in LAZY_GRAPHS:
    lazy_graph_callbacks(_graph)


@callback(Output("country-timeseries-category-figure", "data"),
          Output("country-timeseries-admin1-figure", "data"),
          *FILTERS, State("country-iso3", "data"), prevent_initial_call=True)
def update_timeseries(start, end, chosen, source, admin1, iso3):
    """Monthly incidents by category and by the busiest admin-1 regions."""
    wh = warehouse()
    f = _filter(start, end, chosen, source, admin1, iso3)
    by_category = incidents.timeseries(wh, f, "month", by="category")
    by_region = incidents.timeseries(wh, f, "month", by="admin1")
    return (figures.time_series(by_category, "category", figures.category_labels()),
            figures.time_series(by_region, "region"))


@callback(Output("country-top-perpetrators", "children"),
          Output("country-top-targets", "children"),
          *FILTERS, Input("country-actors-near", "data"), State("country-iso3", "data"),
          prevent_initial_call=True)
def update_actors(start, end, chosen, source, admin1, _near, iso3):
    """The ten most frequent perpetrators and targets in the window."""
    wh = warehouse()
    f = _filter(start, end, chosen, source, admin1, iso3)
    labels = {"actor": "Actor", "incidents": "Incidents", "fatalities": "Fatalities"}
    return (table("country-perpetrators-table", incidents.top_actors(wh, f, "perpetrator"),
                  labels),
            table("country-targets-table", incidents.top_actors(wh, f, "target"), labels))


def incident_slot(sort: tuple[str, bool]) -> list:
    """Where the incident table goes. The grid is put there when the slot comes within
    about a screen of the window (``watchNearWindow`` in ``assets/lazy_mount.js``), not with
    the page: a first load then waits neither for AG Grid's script chunk and drawing nor
    for the table's first rows (at 1M incidents the page settled 0.51 s sooner,
    ``benchmarks/first_load_ab.py``). ``sort`` is the first order, from the link."""
    return [*near_slot("country-incident",
                       html.P("The incident table opens as you reach it.", className="muted"),
                       className="grid-slot"),
            dcc.Store(id="country-incident-sort", data=list(sort)),
            dcc.Store(id="country-incident-columns"),
            dcc.Store(id="country-incident-grid", data="country-incident-table")]


watch_near("country-incident")


@callback(Output("country-incident-slot", "children"), Input("country-incident-near", "data"),
          State("country-incident-sort", "data"), prevent_initial_call=True)
def mount_incident_grid(near, sort):
    """The incident table, once its slot is near the window; its first order is checked
    against the sortable columns again (the store is the browser's)."""
    if not near:
        return dash.no_update
    return incident_grid(grid_sort(_sort_state(sort)))


def _sort_state(stored) -> list[dict]:
    """The link's first order as the grid's column state would give it ([] for anything
    but a (column, descending) pair); :func:`grid_sort` then checks the column."""
    if not isinstance(stored, list | tuple) or len(stored) != 2:
        return []
    column, descending = stored
    return [{"colId": column, "sort": "desc" if descending else "asc"}]


def incident_grid(sort: tuple[str, bool]) -> dag.AgGrid:
    """The incident table: AG Grid's infinite row model, which asks the server for one page
    at a time in the order of the clicked header (:func:`table_rows`); ``sort`` is the first
    (column, descending)."""
    columns = [{"field": key, "headerName": label, "sortable": key in incidents.SORTABLE,
                **({"sort": "desc" if sort[1] else "asc"} if key == sort[0] else {}),
                **({"type": "rightAligned"} if key in _NUMERIC else {})}
               for key, label in TABLE_COLUMNS]
    return dag.AgGrid(
        id="country-incident-table", rowModelType="infinite", columnDefs=columns,
        defaultColDef={"resizable": True, "minWidth": 90, "sortingOrder": ["desc", "asc"],
                       "tooltipValueGetter": {"function": "params.value"}},
        columnSize="responsiveSizeToFit", className="grid incident-grid",
        dashGridOptions={"pagination": True, "paginationPageSize": PAGE_SIZE,
                         "paginationPageSizeSelector": False, "cacheBlockSize": PAGE_SIZE,
                         "maxBlocksInCache": 20, "domLayout": "autoHeight",
                         "ensureDomOrder": True, "suppressColumnVirtualisation": True,
                         "animateRows": False, "tooltipShowDelay": 500})


_NUMERIC = ("fatalities", "civilian_fatalities")


@callback(Output("country-incident-table", "getRowsResponse"),
          Input("country-incident-table", "getRowsRequest"),
          *[State(i.component_id, i.component_property) for i in FILTERS],
          State("country-iso3", "data"), prevent_initial_call=True)
def table_rows(request, start, end, chosen, source, admin1, iso3):
    """The rows the grid asks for (``startRow`` to ``endRow`` in the order of its
    ``sortModel``), and how many incidents there are in all, sorted and paged in DuckDB."""
    if not request:
        return dash.no_update
    f = _filter(start, end, chosen, source, admin1, iso3)
    column, descending = grid_sort(request.get("sortModel"))
    first, last = int(request.get("startRow", 0)), int(request.get("endRow", PAGE_SIZE))
    size = max(1, min(last - first, MAX_BLOCK))
    if first < 0 or first % size:
        raise ValueError(f"rows from {first}: expected a multiple of {size}")
    wh = warehouse()
    rows = incidents.incident_rows(wh, f, column, descending, first // size, size)
    return {"rowData": [_table_row(row) for row in rows.to_dict("records")],
            "rowCount": incidents.incident_count(wh, f)}


MAX_BLOCK = 500


def _table_row(row: dict) -> dict:
    return {key: format_value(value) if key != "category" else value.replace("_", " ")
            for key, value in row.items()}


def grid_sort(sort_model) -> tuple[str, bool]:
    """The (column, descending) of a grid's ``sortModel`` or ``columnState``: an
    allow-listed column, else the default (newest first)."""
    for entry in sort_model or []:
        if entry.get("sort") in ("asc", "desc") and entry.get("colId") in incidents.SORTABLE:
            return entry["colId"], entry["sort"] == "desc"
    return DEFAULT_SORT


@callback(Output("country-table-count", "children"), *FILTERS, State("country-iso3", "data"),
          prevent_initial_call=True)
def update_table_count(start, end, chosen, source, admin1, iso3):
    """How many incidents the table holds."""
    f = _filter(start, end, chosen, source, admin1, iso3)
    return plural(incidents.incident_count(warehouse(), f), "incident")


@callback(Output("country-download-link", "href"),
          Output("country-download-link", "download"),
          *FILTERS, Input("country-incident-columns", "data"),
          State("country-iso3", "data"), State("country-incident-sort", "data"))
def update_download_link(start, end, chosen, source, admin1, column_state, iso3,
                         first_sort=None):
    """The link that downloads exactly the filtered incidents, in the table's order (the
    link's order while the table is not on the page yet)."""
    f = _filter(start, end, chosen, source, admin1, iso3)
    return incidents_csv_link(f, *grid_sort(column_state or _sort_state(first_sort)))


@callback(Output("country-export-link", "href"), *FILTERS,
          Input("country-export-format", "value"), Input("country-export-size", "value"),
          State("country-iso3", "data"))
def update_export_link(start, end, chosen, source, admin1, fmt, size, iso3):
    """The link that downloads the map as shown, in the chosen format and size."""
    f = _filter(start, end, chosen, source, admin1, iso3)
    return snapshot_link(MapView("country", f), fmt, size)


@callback(Output("country-briefing-job", "data"), Output("country-briefing-poll", "disabled"),
          Output("country-briefing-progress", "value"),
          Output("country-briefing-progress", "hidden"),
          Output("country-briefing-status", "children"),
          Output("country-briefing-link", "href"), Output("country-briefing-link", "hidden"),
          Output("country-briefing-start", "disabled"),
          Input("country-briefing-start", "n_clicks"),
          Input("country-briefing-poll", "n_intervals"),
          *[State(i.component_id, i.component_property) for i in FILTERS],
          State("country-iso3", "data"), State("country-briefing-job", "data"),
          State("country-briefing-format", "value"), prevent_initial_call=True)
def briefing(_clicks, _ticks, start, end, chosen, source, admin1, iso3, job_id, fmt):
    """Start a briefing pack as PDF or DOCX (the button) or show how far it got (the
    poll)."""
    if ctx.triggered_id == "country-briefing-start":
        job_id = start_briefing(_filter(start, end, chosen, source, admin1, iso3),
                                "docx" if fmt == "docx" else "pdf")
    return (job_id, *job_view(jobs().status(job_id, actor()) if job_id else None,
                              "Briefing pack"))


def validation_layout() -> html.Div:
    """The components the page's callbacks name, without data (see
    :func:`dashboard.shell.validation_layout`)."""
    return html.Div([
        dcc.DatePickerRange(id="country-dates"),
        dcc.Dropdown(id="country-category"),
        dcc.Dropdown(id="country-source"),
        dcc.Dropdown(id="country-admin1"),
        html.Div(id="country-kpi-incidents"),
        html.Div(id="country-kpi-fatalities"),
        html.Div(id="country-kpi-civilian-fatalities"),
        html.Div(id="country-kpi-regions"),
        dcc.Dropdown(id="country-export-format"),
        dcc.Dropdown(id="country-export-size"),
        html.A(id="country-export-link"),
        dcc.Graph(id="country-map"),
        dcc.RadioItems(id="country-briefing-format"),
        html.Button(id="country-briefing-start"),
        html.Progress(id="country-briefing-progress"),
        html.Span(id="country-briefing-status"),
        html.A(id="country-briefing-link"),
        dcc.Interval(id="country-briefing-poll"),
        dcc.Store(id="country-briefing-job"),
        dcc.Store(id="country-iso3"),
        dcc.Store(id="country-map-drawn"),
        *[component for graph_id in LAZY_GRAPHS for component in lazy_graph_ids(graph_id)],
        html.Div(id="country-foa"),
        dcc.Dropdown(id="country-foa-factor"),
        dcc.RadioItems(id="country-foa-judgement"),
        dcc.Textarea(id="country-foa-evidence"),
        html.Button(id="country-foa-save"),
        html.Span(id="country-foa-saved"),
        html.Div(id="country-notes-list"),
        dcc.Dropdown(id="country-notes-edit"),
        dcc.RadioItems(id="country-notes-kind"),
        dcc.RadioItems(id="country-notes-status"),
        dcc.DatePickerSingle(id="country-notes-date"),
        dcc.Textarea(id="country-notes-body"),
        html.Button(id="country-notes-save"),
        html.Span(id="country-notes-saved"),
        html.Div(id="country-top-perpetrators"),
        html.Div(id="country-top-targets"),
        *near_slot_ids("country-actors"),
        *near_slot_ids("country-foa-part"),
        html.A(id="country-download-link"),
        html.Span(id="country-table-count"),
        dcc.Store(id="country-table-refreshed"),
        html.Div(id="country-range-notice-slot"),
        dag.AgGrid(id="country-incident-table"),
        *near_slot_ids("country-incident"),
        dcc.Store(id="country-incident-sort"),
        dcc.Store(id="country-incident-columns"),
        dcc.Store(id="country-incident-grid"),
        dcc.Store(id="country-url-names"),
        dcc.Store(id="country-url"),
    ])
