"""Overview: the world situation map with layers, KPIs against the previous window,
and the trend by category. Clicking a country opens its page."""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html

from dashboard import data_range, figures
from dashboard.alert_views import week_section
from dashboard.appstate import warehouse
from dashboard.components import (
    demo_banner,
    export_menu,
    filter_bar,
    kpi_card,
    kpi_children,
    notice,
)
from dashboard.errors import UNAVAILABLE, first_answer
from dashboard.exports.routes import snapshot_link
from dashboard.filters import choice, control_values, filter_from_controls, parse_filters
from dashboard.layers import layer, layers
from dashboard.maps import MapView, page_map
from queries import incidents

dash.register_page(__name__, path="/", title="Overview — Atrocity Risk Monitor", order=0,
                   nav="Overview", nav_order=0)

KPIS = (("incidents", "Incidents"), ("fatalities", "Fatalities"),
        ("civilian_fatalities", "Civilian fatalities"), ("countries", "Countries affected"))
URL_NAMES = ["from", "to", "category", "source", "layer", "bucket"]
FILTERS = [Input("overview-dates", "start_date"), Input("overview-dates", "end_date"),
           Input("overview-category", "value"), Input("overview-source", "value")]


def layout(**query) -> html.Div:
    """The overview for URL parameters ``from``, ``to``, ``category``, ``source``,
    ``layer`` and ``bucket`` (all optional)."""
    wh = warehouse()
    parsed = parse_filters(wh, query)
    ignored = list(parsed.ignored)
    known = incidents.sources(wh)
    chosen_layer = layer(choice(query, "layer", layers(), "", ignored))
    bucket = choice(query, "bucket", incidents.BUCKETS, "month", ignored)
    layer_control = html.Div([
        html.Label("Map layer", htmlFor="overview-layer"),
        dcc.Dropdown(id="overview-layer", value=chosen_layer.key, clearable=False,
                     options=[{"label": lay.label, "value": key}
                              for key, lay in layers().items()]),
    ], className="control wide")
    controls = control_values(parsed.filter)
    # computed with the page for its first filter: their callbacks run only on a change
    kpis = first_answer(lambda: update_kpis(*controls), [None] * len(KPIS))
    trend = first_answer(lambda: update_timeseries(*controls, bucket),
                         figures.empty_figure(UNAVAILABLE))
    return html.Div([
        demo_banner(known),
        notice(tuple(ignored)),
        html.H2("World situation"),
        filter_bar("overview", parsed.filter, known, extra=[layer_control]),
        html.Div([kpi_card(f"overview-kpi-{key.replace('_', '-')}", label, value)
                  for (key, label), value in zip(KPIS, kpis, strict=True)], className="kpis"),
        week_section(),
        html.Div(id="overview-map-note", className="map-note"),
        html.Div(id="overview-range-notice-slot"),
        export_menu("overview"),
        dcc.Loading(dcc.Graph(id="overview-map", config=figures.graph_config("overview-map"),
                              figure=figures.empty_figure("Loading the map …",
                                                          figures.MAP_HEIGHT)),
                    type="dot", delay_show=300),
        dcc.Store(id="overview-map-drawn"),
        dcc.Location(id="overview-nav", refresh="callback-nav"),
        html.Div([
            html.H3("Incidents by category"),
            html.Label("Bars per", htmlFor="overview-bucket", className="visually-hidden"),
            dcc.RadioItems(id="overview-bucket", value=bucket, inline=True,
                           options=[{"label": "Weekly", "value": "week"},
                                    {"label": "Monthly", "value": "month"}]),
        ], className="panel-head"),
        dcc.Graph(id="overview-timeseries", config=figures.graph_config("overview-trend"),
                  figure=trend),
        dcc.Store(id="overview-url-names", data=URL_NAMES),
        dcc.Store(id="overview-url"),
    ], className="page")


clientside_callback(
    ClientsideFunction(namespace="atrisk", function_name="syncUrl"),
    Output("overview-url", "data"),
    *FILTERS, Input("overview-layer", "value"), Input("overview-bucket", "value"),
    State("overview-url-names", "data"),
)


@callback([Output(f"overview-kpi-{key.replace('_', '-')}", "children") for key, _ in KPIS],
          *FILTERS, prevent_initial_call=True)
def update_kpis(start, end, chosen, source):
    """The window's totals against the previous window of equal length."""
    f = filter_from_controls(start, end, chosen, source)
    totals = incidents.totals_with_change(warehouse(), f)
    return [kpi_children(label, *totals[key], f.days) for key, label in KPIS]


@callback(Output("overview-map", "figure"), Output("overview-map-drawn", "data"),
          Output("overview-map-note", "children"),
          *FILTERS, Input("overview-layer", "value"), State("overview-map-drawn", "data"))
def update_map(start, end, chosen, source, layer_key, drawn):
    """The map of the chosen layer; when that layer is already drawn, only its values."""
    f = filter_from_controls(start, end, chosen, source)
    shown = page_map(warehouse(), MapView("overview", f, layer_key))
    chosen = layer(shown.key)
    window = f", {shown.window}" if chosen.follows_filters else ""
    hint = f"{chosen.description}{window}. Click a country to open its page."
    text = f"{hint} {shown.note}".strip()
    if drawn == shown.key:
        return shown.patch(), drawn, text
    return shown.figure(), shown.key, text


@callback(Output("overview-export-link", "href"), *FILTERS, Input("overview-layer", "value"),
          Input("overview-export-format", "value"), Input("overview-export-size", "value"))
def update_export_link(start, end, chosen, source, layer_key, fmt, size):
    """The link that downloads the map as shown, in the chosen format and size."""
    f = filter_from_controls(start, end, chosen, source)
    return snapshot_link(MapView("overview", f, layer(layer_key).key), fmt, size)


@callback(Output("overview-timeseries", "figure"), *FILTERS,
          Input("overview-bucket", "value"), prevent_initial_call=True)
def update_timeseries(start, end, chosen, source, bucket):
    """Incidents per week or month, stacked by category."""
    f = filter_from_controls(start, end, chosen, source)
    frame = incidents.timeseries(warehouse(), f, bucket=bucket or "month", by="category")
    return figures.time_series(frame, "category", labels=figures.category_labels())


@callback(Output("overview-nav", "href"), Output("overview-range-notice-slot", "children"),
          Input("overview-map", "clickData"),
          State("overview-dates", "start_date"), State("overview-dates", "end_date"),
          prevent_initial_call=True)
def open_country(click, start, end):
    """Clicking a country opens its page, keeping the date window; a country with no
    incident in the window instead gets a notice here saying where its incidents lie, with
    links that open that range (on its page or on this map) or its page as it is."""
    point = (click or {}).get("points", [{}])[0]
    iso3 = point.get("location")
    wh = warehouse()
    name = incidents.country_name(wh, iso3) if isinstance(iso3, str) else None
    if not name:
        return dash.no_update, None
    f = filter_from_controls(start, end, [], None, iso3)
    page = f"/country/{iso3}?from={f.date_from}&to={f.date_to}"
    found = data_range.outside_window(wh, f)
    if not found:
        return page, None
    span = data_range.range_text(found)
    links = [data_range.range_link("overview-range-country", f"Open {name}, {span}",
                                   f"/country/{iso3}", found),
             data_range.range_link("overview-range-world", f"Show the map for {span}", "/",
                                   found),
             dcc.Link(f"Open {name} in this window", href=page)]
    return dash.no_update, data_range.range_notice("overview-range-notice", name, f, found,
                                                   links)


def validation_layout() -> html.Div:
    """The components the page's callbacks name, without data (see
    :func:`dashboard.shell.validation_layout`)."""
    return html.Div([
        dcc.DatePickerRange(id="overview-dates"),
        dcc.Dropdown(id="overview-category"),
        dcc.Dropdown(id="overview-source"),
        dcc.Dropdown(id="overview-layer"),
        html.Div(id="overview-kpi-incidents"),
        html.Div(id="overview-kpi-fatalities"),
        html.Div(id="overview-kpi-civilian-fatalities"),
        html.Div(id="overview-kpi-countries"),
        html.Div(id="overview-map-note"),
        html.Div(id="overview-range-notice-slot"),
        dcc.Dropdown(id="overview-export-format"),
        dcc.Dropdown(id="overview-export-size"),
        html.A(id="overview-export-link"),
        dcc.Graph(id="overview-map"),
        dcc.Store(id="overview-map-drawn"),
        dcc.Location(id="overview-nav"),
        dcc.RadioItems(id="overview-bucket"),
        dcc.Graph(id="overview-timeseries"),
        dcc.Store(id="overview-url-names"),
        dcc.Store(id="overview-url"),
    ])
