"""Alerts in the shell and on the overview: the header badge (unacknowledged alerts that
match the signed-in person's rule), one alert as a list item, the week's ranked changes
and the weekly comparison cards."""

from __future__ import annotations

import logging

from dash import dcc, html

from dashboard import appstate
from dashboard.access import current_access
from queries.access import Access
from queries.alerts import KINDS
from queries.alerts.read import (
    AlertView,
    alerts_of_my_rule,
    this_week,
    unacknowledged,
    week_totals,
)
from queries.errors import QueryError, WarehouseError

log = logging.getLogger(__name__)


def my_alerts(access: Access | None = None) -> list[AlertView]:
    """The alerts the signed-in person's role may see and their rule selects."""
    access = access or current_access()
    db = appstate.settings().db
    return alerts_of_my_rule(appstate.warehouse(), db, access)


def badge() -> dcc.Link:
    """The header link to /alerts with the number of unacknowledged matching alerts."""
    try:
        count = unacknowledged(my_alerts())
    except (QueryError, WarehouseError) as exc:   # the header must draw even then
        log.error("alerts badge: %s", exc)
        count = None
    return dcc.Link(badge_children(count), href="/alerts", id="alerts-badge",
                    className="alerts-badge",
                    title="Unacknowledged alerts that match your rules")


def badge_children(count: int | None) -> list:
    """The badge's text: 'Alerts' and the count when there is one."""
    if not count:
        return ["Alerts"]
    return ["Alerts ", html.Span(f"{count:,}", className="badge-count", id="alerts-badge-count")]


def alert_item(alert: AlertView) -> html.Li:
    """One alert: severity, headline linking to its evidence, what and when, the incidents
    behind it, and who acknowledged it."""
    place = alert.country + (f", {alert.admin1_name or alert.admin1_code}"
                             if alert.admin1_code else "")
    incidents = alert.evidence.get("incidents", [])
    hidden = alert.evidence.get("restricted_hidden")
    return html.Li([
        html.Span(alert.severity, className=f"severity severity-{alert.severity}"),
        dcc.Link(alert.headline, href=alert.link(), className="alert-headline"),
        html.Div(f"#{alert.alert_id} · {KINDS.get(alert.kind, alert.kind)} · {place} · data "
                 f"as of {alert.data_as_of:%d %b %Y} · against the {alert.basis}",
                 className="muted"),
        html.Details([
            html.Summary(f"Evidence: {len(incidents)} incident(s)"
                         + (f", {hidden} restricted not shown" if hidden else "")),
            html.Ul([html.Li(_incident_line(row)) for row in incidents]),
        ]) if incidents or hidden else None,
        *[html.Div(f"Acknowledged by {ack.username} ({ack.at:%d %b %Y %H:%M} UTC): "
                   f"{ack.note}", className="ack") for ack in alert.acks],
    ], className=f"alert-item severity-{alert.severity}", id=f"alert-{alert.alert_id}")


def _incident_line(row: dict) -> str:
    place = f" at {row['location']}" if row.get("location") else ""
    return (f"{str(row.get('event_date'))[:10]} {str(row.get('category')).replace('_', ' ')}"
            f"{place}: {row.get('fatalities') or 0} killed, "
            f"{row.get('civilian_fatalities') or 0} civilians ({row.get('incident_id')})")


def week_section() -> html.Section:
    """'What changed this week' for the overview: the ranked changes, one sentence each
    linking to its country, and the latest week against the one before and the year."""
    wh = appstate.warehouse()
    changes = this_week(wh, current_access())
    items = [html.Li([html.Span(a.severity, className=f"severity severity-{a.severity}"),
                      dcc.Link(a.headline, href=a.link())]) for a in changes]
    return html.Section([
        html.H3("What changed this week"),
        html.Ol(items, id="overview-week-changes") if items else
        html.P("No alert in the latest week of data.", id="overview-week-changes",
               className="empty"),
        html.Div(week_cards(week_totals(wh)), className="kpis", id="overview-week-kpis"),
    ], className="week-changes")


def week_cards(totals: dict) -> list[html.Div]:
    """Two cards: incidents and civilian fatalities in the latest 7 days of data, against
    the 7 before and the weekly average of the 52 weeks before."""
    if not totals.get("through"):
        return []
    cards = []
    for key, label in (("events", "Incidents, latest week"),
                       ("civilians", "Civilian fatalities, latest week")):
        now, before, average = (totals[f"{key}_week"], totals[f"{key}_previous"],
                                totals[f"{key}_weekly_average"])
        cards.append(html.Div([
            html.Div(label, className="kpi-label"),
            html.Div(f"{now:,}", className="kpi-value"),
            html.Div(f"{_change(now, before)} vs the week before ({before:,}); "
                     f"{_change(now, average)} vs the 52-week average ({average:,.1f})",
                     className="kpi-note"),
        ], className="kpi", id=f"overview-week-{key}"))
    cards.append(html.Div(f"Weeks end {totals['through']:%d %b %Y}, the latest incident date.",
                          className="muted"))
    return cards


def _change(now: float, before: float) -> str:
    if not before:
        return "new" if now else "no change"
    return f"{(now - before) / before:+.0%}"
