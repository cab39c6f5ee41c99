"""Coverage: the members of one or more regional organisations on a date, who is
suspended, where memberships overlap, and which regional early-warning mechanisms cover
each member; memberships dated only to the year, and organisations with no member
recorded, are said so. URL parameters ``org`` (comma list of organisation codes) and
``date``."""

from __future__ import annotations

from datetime import date

import dash
import pandas as pd
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html

from dashboard import figures
from dashboard.appstate import warehouse
from dashboard.components import notice
from dashboard.dates import long_day_text
from dashboard.filters import parse_day, parse_orgs
from queries import capacity

dash.register_page(__name__, path="/coverage", title="Coverage — Atrocity Risk Monitor",
                   order=5,
                   nav="Coverage", nav_order=3)

URL_NAMES = ["org", "date"]


def layout(org: str | None = None, date: str | None = None, **_query) -> html.Div:  # noqa: A002
    """The coverage of organisations ``org`` (default ECOWAS) on ``date`` (default today);
    values that cannot be used are ignored and named in a notice."""
    orgs = capacity.organisations(warehouse())
    chosen, ignored = parse_orgs(org, orgs["org_code"].tolist())
    on, bad_date = parse_day(date)
    return html.Div([
        notice(ignored + bad_date),
        html.H2("Regional organisations: coverage"),
        html.P("Members of the chosen organisations on the chosen day, who is suspended, "
               "where memberships overlap, and which regional early-warning mechanisms "
               "(of any organisation the country belongs to) cover each member. Memberships "
               "are the shipped reference data (real, with sources) and what users imported; "
               "see Data.", className="muted"),
        html.Div([
            html.Div([
                html.Label("Organisations", htmlFor="coverage-org"),
                dcc.Dropdown(id="coverage-org", multi=True, value=list(chosen),
                             options=[{"label": f"{r['org_code']} — {r['name']}",
                                       "value": r["org_code"]}
                                      for r in orgs.to_dict("records")]),
            ], className="control wide"),
            html.Div([
                html.Label("Date", htmlFor="coverage-date"),
                dcc.DatePickerSingle(id="coverage-date", date=on.isoformat(),
                                     display_format="D MMM YYYY", first_day_of_week=1),
            ], className="control"),
        ], className="filter-bar", role="search"),
        html.P(id="coverage-summary", className="map-note"),
        dcc.Graph(id="coverage-map", config=figures.graph_config("coverage-map"),
                  figure=figures.empty_figure("Loading the map …", figures.MAP_HEIGHT)),
        html.H3("Members"),
        html.Div(id="coverage-members"),
        html.H3("The organisations"),
        _org_table(orgs),
        dcc.Store(id="coverage-url-names", data=URL_NAMES),
        dcc.Store(id="coverage-url"),
    ], className="page")


clientside_callback(
    ClientsideFunction(namespace="atrisk", function_name="syncUrl"),
    Output("coverage-url", "data"), Input("coverage-org", "value"),
    Input("coverage-date", "date"), State("coverage-url-names", "data"),
)


@callback(Output("coverage-map", "figure"), Output("coverage-members", "children"),
          Output("coverage-summary", "children"),
          Input("coverage-org", "value"), Input("coverage-date", "date"))
def update_coverage(chosen, day):
    """The map, the members' table and the summary for the chosen organisations and day."""
    wh = warehouse()
    known = capacity.organisations(wh)
    orgs, ignored = parse_orgs(",".join(chosen or []), known["org_code"].tolist())
    if ignored:
        raise ValueError("; ".join(ignored))
    on, bad = parse_day(day)
    if bad:
        raise ValueError(bad[0])
    members = capacity.coverage(wh, list(orgs), on)
    recorded = dict(zip(known["org_code"], known["memberships_recorded"], strict=True))
    unrecorded = tuple(o for o in orgs if not recorded.get(o))
    if members.empty and unrecorded:
        figure = figures.empty_figure(f"No members recorded for {', '.join(unrecorded)}",
                                      figures.MAP_HEIGHT)
    else:
        figure = figures.coverage_map(members)
    return figure, members_table(members), summary(members, orgs, on, unrecorded)


def summary(members: pd.DataFrame, orgs: tuple[str, ...], on: date,
            unrecorded: tuple[str, ...] = ()) -> str:
    """How many members, suspended, in several chosen, covered; then how many of them
    have membership dates known only to the year, and which chosen organisations have
    no member recorded at all (their coverage cannot be shown)."""
    if not orgs:
        return "Choose one or more organisations."
    suspended = int((members["suspended_in"].map(len) > 0).sum())
    overlaps = int((members["n_orgs"] > 1).sum())
    covered = int((members["mechanisms"].map(len) > 0).sum())
    year_only = int((members["year_only_in"].map(len) > 0).sum())
    several = f", {overlaps} in more than one of them" if len(orgs) > 1 else ""
    text = (f"On {long_day_text(on)}: {len(members)} member countries of {', '.join(orgs)}, "
            f"{suspended} suspended{several}; {covered} covered by at least one regional "
            "early-warning mechanism.")
    if year_only:
        text += (f" For {year_only} of them the membership dates are known only to the "
                 "year (marked 'year only'; Correlates of War IGO data, to 2014).")
    if unrecorded:
        text += (f" No members are recorded for {', '.join(unrecorded)}: "
                 "import them (see Data) to show their coverage.")
    return text


def members_table(members: pd.DataFrame) -> html.Table | html.P:
    """One row per member: organisations, suspensions, the mechanisms covering it."""
    if members.empty:
        return html.P("No members recorded on this date.", id="coverage-table",
                      className="empty")
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in (
        "Country", "Member of", "Suspended in", "Regional early-warning mechanisms")]))
    rows = [html.Tr([
        html.Td(dcc.Link(r["name"], href=f"/country/{r['iso3']}")),
        html.Td(", ".join(f"{o} (year only)" if o in r["year_only_in"] else o
                          for o in r["orgs"])),
        html.Td(", ".join(r["suspended_in"]) or "–",
                className="warn" if len(r["suspended_in"]) else None),
        html.Td("; ".join(r["mechanisms"]) or "none recorded"),
    ], id=f"coverage-row-{r['iso3']}") for r in members.to_dict("records")]
    return html.Table([head, html.Tbody(rows)], id="coverage-table", className="data-table")


def _org_table(orgs: pd.DataFrame) -> html.Table:
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in (
        "Code", "Organisation", "Kind", "Headquarters", "Founded",
        "Early-warning mechanism", "Since", "Members recorded", "Source")]))
    rows = [html.Tr([
        html.Td(r["org_code"]), html.Td(r["name"]), html.Td(r["kind"] or "–"),
        html.Td(r["headquarters"] or "–"), html.Td(_day(r["founded_on"])),
        html.Td(r["early_warning"] or "none recorded"), html.Td(_day(r["early_warning_since"])),
        html.Td(_recorded(r["memberships_recorded"], r["year_only_recorded"]),
                className=None if r["memberships_recorded"] else "warn"),
        html.Td(html.A(r["source"], href=r["source_url"], title=r["source_url"])),
    ]) for r in orgs.to_dict("records")]
    return html.Table([head, html.Tbody(rows)], id="coverage-orgs", className="data-table")


def _recorded(countries: int, year_only: int) -> str:
    """Countries with a membership recorded, and how many are dated only to the year."""
    if not countries:
        return "none recorded"
    return f"{countries}, {year_only} dated to the year only" if year_only else f"{countries}"


def _day(value) -> str:
    return "–" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def validation_layout() -> html.Div:
    """The components the page's callbacks name, without data (see
    :func:`dashboard.shell.validation_layout`)."""
    return html.Div([
        dcc.Dropdown(id="coverage-org"),
        dcc.DatePickerSingle(id="coverage-date"),
        html.P(id="coverage-summary"),
        dcc.Graph(id="coverage-map"),
        html.Div(id="coverage-members"),
        dcc.Store(id="coverage-url-names"),
        dcc.Store(id="coverage-url"),
    ])
