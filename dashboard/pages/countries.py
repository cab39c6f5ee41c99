"""Countries: every country and territory as a link to its page, narrowed by the search
(``/countries?q=congo``). Where the header's search lands when more than one country, or
none, matches what was typed."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.appstate import warehouse
from dashboard.components import plural
from dashboard.search import search_form
from queries.countries import directory, find_countries

dash.register_page(__name__, path="/countries", title="Countries — Atrocity Risk Monitor",
                   order=9)


def layout(q: str = "", **_query) -> html.Div:
    """The countries matching ``q`` (all of them without ``q``), with links."""
    entries = directory(warehouse())
    text = str(q or "")[:80]
    shown = find_countries(entries, text) if text.strip() else entries
    heading = (f"Countries matching “{text}”: {len(shown)}" if text.strip()
               else f"All {plural(len(entries), 'country')} and territories")
    return html.Div([
        html.H2(heading, id="countries-heading"),
        search_form(form_id="countries-search", landmark="Search again"),
        html.P("No country or territory has that name or code. Try part of the name, "
               "e.g. “Congo”, or the ISO3 code, e.g. “COD”." if not shown else
               "Countries with incidents in the warehouse show their count.",
               className="muted"),
        html.Ul([html.Li([dcc.Link(e.name, href=f"/country/{e.iso3}"),
                          html.Span(f" {e.iso3}" + (f" · {plural(e.incidents, 'incident')}"
                                                    if e.incidents else ""),
                                    className="muted")])
                 for e in shown], id="countries-list", className="country-list"),
    ], className="page")


def validation_layout() -> html.Div:
    """The components the page's callbacks name, without data (see
    :func:`dashboard.shell.validation_layout`)."""
    return html.Div()
