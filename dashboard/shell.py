"""What every page shares: the header (navigation from ``dash.page_registry``, the country
search, the classification line, the alerts badge, who is signed in), the alert area and
the data-free validation layout that names every component a callback may use."""

from __future__ import annotations

import sys
from datetime import date

import dash
from dash import dcc, html

from dashboard.access import LOGOUT, current_access
from dashboard.alert_views import badge
from dashboard.appstate import warehouse
from dashboard.components import freshness
from dashboard.search import search_form
from dashboard.settings import Settings
from queries import holdings


def shell(settings: Settings) -> html.Div:
    """What every page shares: header with navigation and classification, the alert area."""
    return html.Div(
        [
            html.A("Skip to main content", href="#main", className="skip-link"),
            html.Header(
                [
                    dcc.Link(html.H1("Atrocity Risk Monitor"), href="/", className="brand"),
                    html.Nav(nav_links(), className="nav", **{"aria-label": "Main"}),
                    search_form(),
                    html.Span(
                        settings.classification, className="classification", id="classification"
                    ),
                    badge(),
                    _who(settings),
                ],
                className="app-header",
            ),
            html.Div(id="app-alert", className="alert", hidden=True, role="alert"),
            html.Main([_freshness(), dash.page_container], id="main", tabIndex="-1"),
        ]
    )


def _freshness() -> html.Div:
    """How recent the warehouse's data are, said on every page."""
    return freshness(holdings.data_through(warehouse()), date.today())


def nav_pages() -> list[dict]:
    """The registered pages that appear in the navigation (those with a ``nav`` label), in
    their ``nav_order``."""
    listed = [page for page in dash.page_registry.values() if page.get("nav")]
    return sorted(listed, key=lambda page: page["nav_order"])


def nav_links() -> list:
    """The main navigation; pages for a role appear only to those who have it."""
    access = current_access()
    return [
        dcc.Link(page["nav"], href=page["path"])
        for page in nav_pages()
        if not page.get("required_role") or access.has(page["required_role"])
    ]


def _who(settings: Settings) -> html.Div:
    """Who is signed in, with their role and a sign-out button; or that sign-in is off."""
    if not settings.auth_enabled:
        return html.Div(
            "Sign-in off (local demo): full access",
            id="access-user",
            className="who",
            title="Start with --auth to require sign-in",
        )
    access = current_access()
    return html.Div(
        [
            html.Span(f"{access.user} ({access.role})", id="access-user"),
            html.Form(
                html.Button("Sign out", type="submit", className="link-button", id="access-logout"),
                method="post",
                action=LOGOUT,
            ),
        ],
        className="who",
    )


def validation_layout() -> html.Div:
    """Every component a callback names, without data: the shell's and each registered
    page's (its module's ``validation_layout()``). Dash checks callbacks against it instead
    of building every page for whoever asks first."""
    pages = [
        sys.modules[page["module"]].validation_layout() for page in dash.page_registry.values()
    ]
    return html.Div(
        [
            html.Div(id="app-alert"),
            html.Span(id="classification"),
            dash.page_container,
            *pages,
        ]
    )
