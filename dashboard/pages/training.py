"""Training: where training and technical assistance went. The venues as bubbles sized by
participants and coloured by audience, trainings per year by audience and by topic, and
the history per host country. URL parameters ``from``, ``to``, ``audience``, ``topic``
(comma lists) and ``country``."""

from __future__ import annotations

from datetime import date

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html

from dashboard import figures
from dashboard.appstate import warehouse
from dashboard.components import demo_banner, grid, notice, plural, table
from queries import capacity, incidents
from queries.capacity import AUDIENCES, TrainingFilter
from queries.forecast import store as forecast_store

dash.register_page(__name__, path="/training", title="Training — Atrocity Risk Monitor",
                   order=6,
                   nav="Training", nav_order=4)

URL_NAMES = ["from", "to", "audience", "topic", "country"]
CONTROLS = [Input("training-dates", "start_date"), Input("training-dates", "end_date"),
            Input("training-audience", "value"), Input("training-topic", "value"),
            Input("training-country", "value")]
TRAININGS = {"start_date": "Date", "title": "Title", "audience": "Audience",
             "organisation": "Organisation", "topic": "Topic", "participants": "Participants",
             "participants_women": "Women", "venue": "Venue", "source": "Source"}
HISTORY = {"name": "Country", "trainings": "Trainings", "participants": "Participants",
           "women": "Women", "first_training": "First", "latest_training": "Latest",
           "audiences": "Audiences"}


def layout(**query) -> html.Div:
    """The training page for URL parameters ``from``, ``to``, ``audience``, ``topic`` and
    ``country`` (all optional; unusable values are ignored and named in a notice)."""
    wh = warehouse()
    f, ignored = parse_training_filter(wh, query)
    countries = capacity.training_history(wh, TrainingFilter(*_extent(wh)))
    return html.Div([
        demo_banner(incidents.sources(wh)),
        notice(ignored),
        html.H2("Training and technical assistance"),
        _no_trainings_notice(capacity.training_extent(wh)),
        html.Div([
            html.Div([
                html.Label("Date range", htmlFor="training-dates"),
                dcc.DatePickerRange(id="training-dates", start_date=f.date_from.isoformat(),
                                    end_date=f.date_to.isoformat(), display_format="D MMM YYYY",
                                    first_day_of_week=1, minimum_nights=0),
            ], className="control"),
            html.Div([
                html.Label("Audience", htmlFor="training-audience"),
                dcc.Dropdown(id="training-audience", multi=True, value=list(f.audiences),
                             placeholder="All audiences",
                             options=[{"label": figures.AUDIENCE_LABELS[a], "value": a}
                                      for a in AUDIENCES]),
            ], className="control wide"),
            html.Div([
                html.Label("Topic", htmlFor="training-topic"),
                dcc.Dropdown(id="training-topic", multi=True, value=list(f.topics),
                             placeholder="All topics", options=capacity.training_topics(wh)),
            ], className="control wide"),
            html.Div([
                html.Label("Host country", htmlFor="training-country"),
                dcc.Dropdown(id="training-country", value=f.iso3 or None,
                             placeholder="All countries",
                             options=[{"label": r["name"], "value": r["iso3"]}
                                      for r in countries.sort_values("name").to_dict("records")]),
            ], className="control"),
        ], className="filter-bar", role="search"),
        html.P(id="training-summary", className="map-note"),
        html.Div(id="training-size-key", className="bubble-key"),
        dcc.Graph(id="training-map", config=figures.graph_config("training-map"),
                  figure=figures.empty_figure("Loading the map …", figures.MAP_HEIGHT)),
        html.Div([
            html.Div([html.H3("Trainings per year, by audience"),
                      dcc.Graph(id="training-by-audience",
                                config=figures.graph_config("training-by-audience"))],
                     className="half"),
            html.Div([html.H3("Trainings per year, by topic"),
                      dcc.Graph(id="training-by-topic",
                                config=figures.graph_config("training-by-topic"))],
                     className="half"),
        ], className="row"),
        html.H3("History per host country"),
        html.Div(id="training-history"),
        dcc.Store(id="training-url-names", data=URL_NAMES),
        dcc.Store(id="training-url"),
    ], className="page")


clientside_callback(
    ClientsideFunction(namespace="atrisk", function_name="syncUrl"),
    Output("training-url", "data"), *CONTROLS, State("training-url-names", "data"),
)


@callback(Output("training-map", "figure"), Output("training-by-audience", "figure"),
          Output("training-by-topic", "figure"), Output("training-history", "children"),
          Output("training-summary", "children"), Output("training-size-key", "children"),
          *CONTROLS)
def update_training(start, end, audiences, topics, country):
    """Every panel of the page for the controls' values."""
    wh = warehouse()
    f, ignored = parse_training_filter(wh, {
        "from": start, "to": end, "audience": ",".join(audiences or []),
        "topic": ",".join(topics or []), "country": country or ""})
    if ignored:
        raise ValueError("; ".join(ignored))
    venues = capacity.training_venues(wh, f)
    history = capacity.training_history(wh, f)
    risk, risk_title = risk_underlay(wh)
    return (figures.training_map(venues, risk, risk_title),
            figures.training_series(capacity.training_series(wh, f, "audience"),
                                    figures.AUDIENCE_LABELS),
            figures.training_series(capacity.training_series(wh, f, "topic")),
            history_panel(wh, f, history),
            summary_text(history, f, largest_bubble(venues)),
            size_key(largest_bubble(venues)))


def risk_underlay(wh):
    """The country forecast to draw under the bubbles and its colour bar's title."""
    summary = forecast_store.summary(wh)
    if summary is None:
        return None, ""
    year = summary["data_through"] + 1
    return forecast_store.ranking(wh), f"Risk of a new<br>mass killing, {year}"


def size_key(largest: int) -> list:
    """The key to the bubbles' sizes: circles drawn at the map's own sizes."""
    key = figures.bubble_key(largest)
    if not key:
        return []
    return [html.Span("Bubble size (participants):", className="muted"),
            *[html.Span([html.Span(className="bubble", style={"width": f"{px}px",
                                                              "height": f"{px}px"}),
                         f"{value:,}"], className="bubble-item") for value, px in key],
            html.Span("Countries shaded by the country forecast (risk that a new mass killing "
                      "begins); see the watchlist for the method.", className="muted")]


def history_panel(wh, f: TrainingFilter, history) -> list:
    """The per-country table; with a host country chosen, also its trainings one by one."""
    history = history.assign(audiences=history["audiences"].map(audience_names))
    parts = [grid("training-history-table", history, HISTORY, sort=("trainings", True))]
    if f.iso3:
        name = incidents.country_name(wh, f.iso3) or f.iso3
        parts += [html.H3(f"Trainings in {name}"),
                  table("training-list", capacity.training_list(wh, f), TRAININGS)]
    return parts


def audience_names(codes: str | None) -> str:
    """'civil_society, un_system' -> 'Civil society, UN system'."""
    return ", ".join(figures.AUDIENCE_LABELS.get(code.strip(), code.strip())
                     for code in (codes or "").split(",") if code.strip())


def largest_bubble(venues) -> int:
    """The participants of the largest bubble on the map (the size key's reference)."""
    return int(venues["participants"].max()) if len(venues) else 0


def summary_text(history, f: TrainingFilter, largest: int = 0) -> str:
    """The window's totals in one sentence, and the key to the bubbles' sizes."""
    trainings = int(history["trainings"].sum()) if not history.empty else 0
    people = int(history["participants"].sum()) if not history.empty else 0
    women = int(history["women"].sum()) if not history.empty else 0
    share = f" ({women / people:.0%} women)" if people else ""
    return (f"{plural(trainings, 'training')} with {plural(people, 'participant')}{share} in "
            f"{plural(len(history), 'country')}, {figures.window_text(f.date_from, f.date_to)}. "
            "Bubbles: one per training at its venue, coloured by audience; a bubble's area "
            f"shows its participants (the largest: {plural(largest, 'participant')}).")


def parse_training_filter(wh, query: dict) -> tuple[TrainingFilter, tuple[str, ...]]:
    """The filter for URL (or control) values and what was ignored. Default window: every
    training recorded."""
    ignored: list[str] = []
    first, last = _extent(wh)
    date_from = _day(query.get("from"), "from", ignored) or first
    date_to = _day(query.get("to"), "to", ignored) or last
    if date_from > date_to:
        ignored.append("a window that ends before it starts")
        date_from, date_to = first, last
    audiences = _listed(query.get("audience"), AUDIENCES, "audience", ignored)
    topics = _listed(query.get("topic"), capacity.training_topics(wh), "topic", ignored)
    country = str(query.get("country") or "").strip().upper()
    if country and incidents.country_name(wh, country) is None:
        ignored.append(f"country {country[:40]!r}")
        country = ""
    return TrainingFilter(date_from, date_to, audiences, topics, country), tuple(ignored)


NO_TRAININGS = "This warehouse holds no training records yet"


def _no_trainings_notice(extent: tuple[date, date] | None) -> html.Div | None:
    """Says why the page is empty when no training was ever recorded (``extent`` None: a
    warehouse of incident imports only), instead of an empty map for an arbitrary window."""
    if extent:
        return None
    return html.Div([f"{NO_TRAININGS}, so the map and charts below are empty. Load them with ",
                     html.Code("atrisk import trainings FILE"),
                     " (our CSV or HXL-tagged; see docs/import-formats.md) or on the Upload "
                     "page."], id="training-none", className="notice", role="status")


def _extent(wh) -> tuple[date, date]:
    extent = capacity.training_extent(wh)
    return extent if extent else (date.today(), date.today())


def _day(value, name: str, ignored: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        ignored.append(f"{name} {str(value)[:40]!r} (expected YYYY-MM-DD)")
        return None


def _listed(value, known, name: str, ignored: list[str]) -> tuple[str, ...]:
    wanted = [v.strip() for v in str(value or "").split(",") if v.strip()]
    ignored += [f"{name} {v[:40]!r}" for v in wanted if v not in known]
    return tuple(dict.fromkeys(v for v in wanted if v in known))


def validation_layout() -> html.Div:
    """The components the page's callbacks name, without data (see
    :func:`dashboard.shell.validation_layout`)."""
    return html.Div([
        dcc.DatePickerRange(id="training-dates"),
        dcc.Dropdown(id="training-audience"),
        dcc.Dropdown(id="training-topic"),
        dcc.Dropdown(id="training-country"),
        html.P(id="training-summary"),
        html.Div(id="training-size-key"),
        dcc.Graph(id="training-map"),
        dcc.Graph(id="training-by-audience"),
        dcc.Graph(id="training-by-topic"),
        html.Div(id="training-history"),
        dcc.Store(id="training-url-names"),
        dcc.Store(id="training-url"),
    ])
