"""The country search in every page's header: a form that needs no script (type-ahead
from the browser's own list of country names), answered by ``/search``, which opens the
country's page when one country matches and the list of countries otherwise.

The list of names (:func:`names_list`) is plain HTML in the page, beside Dash's root, not
250 Dash components in the header: Dash's renderer and React handled each of them on every
first load (at 1M incidents the overview's map is drawn 0.10 s sooner without them,
0.03-0.18 s, ``benchmarks/first_load_ab.py``; docs/deployment.md)."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from dash import dcc, html
from flask import redirect, request

from dashboard.appstate import warehouse
from queries.countries import directory, find_countries, is_exact
from queries.db import Warehouse

SEARCH = "/search"
COUNTRIES = "/countries"
NAMES_LIST = "country-names"  # the id of the <datalist> every search box suggests from


def register_search(server) -> None:
    """Add the ``/search`` route to the Flask server (behind the sign-in gate, like every
    route that is not the sign-in itself)."""
    server.add_url_rule(SEARCH, "search", search)


def search():
    """Redirect to the country named (or coded) ``q``, or the only one whose name holds it;
    else to the list of matches."""
    text = request.args.get("q", "")
    found = find_countries(directory(warehouse()), text)
    if len(found) == 1 or (found and is_exact(found[0], text)):
        return redirect(f"/country/{found[0].iso3}", code=303)
    return redirect(f"{COUNTRIES}?{urlencode({'q': text[:80]})}" if text else COUNTRIES,
                    code=303)


def search_form(form_id: str = "search", landmark: str = "Country search") -> html.Form:
    """The search form: a labelled search box with the country names as suggestions
    (:func:`names_list`); ``landmark`` names the search region (unique on a page)."""
    return html.Form([
        html.Label("Search countries", htmlFor=f"{form_id}-q", className="visually-hidden"),
        dcc.Input(id=f"{form_id}-q", type="search", name="q", list=NAMES_LIST,
                  placeholder="Find a country…", autoComplete="off",
                  className="search-input"),
        html.Button("Go", type="submit", className="search-button",
                    title="Open the country's page"),
    ], action=SEARCH, method="get", role="search", className="search",
        **{"aria-label": landmark})


def names_list(wh: Warehouse) -> str:
    """The ``<datalist>`` of every country's and territory's name, as HTML for the page
    (names escaped: they come from imported data)."""
    options = "".join(f'<option value="{escape(entry.name)}"></option>'
                      for entry in directory(wh))
    return f'<datalist id="{NAMES_LIST}">{options}</datalist>'
