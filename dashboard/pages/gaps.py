"""Prevention gaps: countries ranked by high risk against low capacity (no regional
early-warning coverage, few commitments, no recent training), as a table and a map, with
each country's reasons in words. URL parameters ``date`` and ``region``."""

from __future__ import annotations

import dash
import pandas as pd
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html

from dashboard import figures
from dashboard.appstate import warehouse
from dashboard.components import demo_banner, notice
from dashboard.dates import long_day_text
from dashboard.filters import parse_day
from queries import capacity, holdings, incidents, watchlist

dash.register_page(__name__, path="/gaps", title="Prevention gaps — Atrocity Risk Monitor",
                   order=4,
                   nav="Gaps", nav_order=2)

URL_NAMES = ["date", "region"]
SHOWN = 40


def layout(date: str | None = None, region: str | None = None,  # noqa: A002
           **_query) -> html.Div:
    """The ranking on ``date`` (default: the latest incident date) for one UN ``region``
    (default all); values that cannot be used are ignored and named in a notice."""
    wh = warehouse()
    on, ignored = parse_day(date) if date else (_data_through(wh), ())
    regions = watchlist.regions(wh)
    if region and region not in regions:
        ignored += (f"region {str(region)[:40]!r}",)
        region = None
    return html.Div([
        demo_banner(incidents.sources(wh)),
        notice(ignored),
        html.H2("Prevention gaps: high risk, low capacity"),
        html.P(["Countries ranked by their ", html.B("gap"), ": the share of countries they "
                "out-rank on risk (our validated forecast of the risk that a new mass "
                "killing begins within a year, a model of ours and not a UN score; "
                "incidents in the last 365 days where there is no forecast) "
                "times the share of prevention capacity missing, the mean of three parts: "
                "no regional early-warning mechanism covering it; commitments not held (of "
                "four: Genocide Convention, Rome Statute, a national R2P focal point, a "
                "national prevention mechanism; one whose status is not recorded counts "
                "half); no training hosted in the 24 months to the date. Capacity facts are "
                "what the warehouse records: \"not recorded\" is not \"absent\"."],
               id="gaps-about", className="muted"),
        html.Div([
            html.Div([
                html.Label("Date", htmlFor="gaps-date"),
                dcc.DatePickerSingle(id="gaps-date", date=on.isoformat(),
                                     display_format="D MMM YYYY", first_day_of_week=1),
            ], className="control"),
            html.Div([
                html.Label("UN region", htmlFor="gaps-region"),
                dcc.Dropdown(id="gaps-region", value=region or None, placeholder="All regions",
                             options=[{"label": r, "value": r} for r in regions]),
            ], className="control"),
        ], className="filter-bar", role="search"),
        dcc.Graph(id="gaps-map", config=figures.graph_config("gaps-map"),
                  figure=figures.empty_figure("Loading the map …", figures.MAP_HEIGHT)),
        html.P(id="gaps-count", className="muted"),
        html.P(not_scored_note(wh), id="gaps-not-scored", className="muted"),
        html.Div(id="gaps-ranking"),
        dcc.Store(id="gaps-url-names", data=URL_NAMES),
        dcc.Store(id="gaps-url"),
    ], className="page")


clientside_callback(
    ClientsideFunction(namespace="atrisk", function_name="syncUrl"),
    Output("gaps-url", "data"), Input("gaps-date", "date"), Input("gaps-region", "value"),
    State("gaps-url-names", "data"),
)


@callback(Output("gaps-map", "figure"), Output("gaps-ranking", "children"),
          Output("gaps-count", "children"), Input("gaps-date", "date"),
          Input("gaps-region", "value"))
def update_gaps(day, region):
    """The ranking's map and table for the chosen day and region."""
    wh = warehouse()
    on, bad = parse_day(day)
    if bad:
        raise ValueError(bad[0])
    if region and region not in watchlist.regions(wh):
        raise ValueError(f"unknown UN region {str(region)[:40]!r}")
    gaps = ranked(capacity.gap_ranking(wh, on, region or "", limit=SHOWN))
    basis = "our country forecast" if not gaps.empty and gaps["basis"].iloc[0] == "index" \
        else "incidents in the last 365 days (no forecast)"
    count = (f"The {len(gaps)} countries with the largest gaps on {long_day_text(on)}; risk from "
             f"{basis}.") if not gaps.empty else "No country has a risk score on this date."
    return figures.gap_map(gaps), gap_table(gaps), count


def ranked(gaps: pd.DataFrame) -> pd.DataFrame:
    """``gaps`` with its ``rank`` (1 = the largest gap)."""
    return gaps.assign(rank=range(1, len(gaps) + 1))


def gap_table(gaps: pd.DataFrame) -> html.Table | html.P:
    """The ranking: rank, country, risk, the capacity parts, the gap, the reasons."""
    if gaps.empty:
        return html.P("Nothing to rank.", id="gaps-table", className="empty")
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in (
        "Rank", "Country", "Risk (forecast)", "Early-warning mechanisms", "Commitments held",
        "Trainings, 24 months", "Gap", "Why")]))
    rows = [html.Tr([
        html.Td(r["rank"], className="num"),
        html.Td(dcc.Link(r["name"], href=f"/country/{r['iso3']}")),
        html.Td(f"{r['score']:.1%}" if r["basis"] == "index" else f"{int(r['score']):,}",
                className="num"),
        html.Td(r["mechanisms"], className="num"),
        html.Td(f"{r['commitments_held']} of 4", className="num"),
        html.Td(r["trainings_24m"], className="num"),
        html.Td(f"{r['gap']:.2f}", className="num"),
        html.Td(r["reasons"], className="reasons"),
    ], id=f"gaps-row-{r['iso3']}") for r in gaps.to_dict("records")]
    return html.Table([head, html.Tbody(rows)], id="gaps-table", className="data-table")


def not_scored_note(wh) -> str:
    """Which places no ranking includes, and why: no population figure (no people, or no
    data)."""
    names = holdings.places_not_scored(wh)
    if not names:
        return ""
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    return (f"Not scored, so never ranked: {len(names)} places without people or without "
            f"data (no population figure), e.g. {shown}.")


def _data_through(wh):
    through = holdings.data_through(wh)
    return through or parse_day(None)[0]



def validation_layout() -> html.Div:
    """The components the page's callbacks name, without data (see
    :func:`dashboard.shell.validation_layout`)."""
    return html.Div([
        dcc.DatePickerSingle(id="gaps-date"),
        dcc.Dropdown(id="gaps-region"),
        dcc.Graph(id="gaps-map"),
        html.P(id="gaps-count"),
        html.Div(id="gaps-ranking"),
        dcc.Store(id="gaps-url-names"),
        dcc.Store(id="gaps-url"),
    ])
