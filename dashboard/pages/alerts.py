"""Alerts: what changed, newest first, filtered by country, kind, severity and whether
someone acknowledged it; analysts acknowledge an alert with a note (audited); everyone
sets their own rule (admins the office's defaults too)."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, dcc, html, set_props

from dashboard import appstate
from dashboard.access import actor, current_access
from dashboard.alert_views import alert_item, badge_children, my_alerts
from queries import audit
from queries.alerts import KINDS, SEVERITIES
from queries.alerts import people as alert_people
from queries.alerts.read import alerts_for, unacknowledged

dash.register_page(__name__, path="/alerts", title="Alerts — Atrocity Risk Monitor", order=5)

STATUS = {"open": "Not acknowledged", "done": "Acknowledged", "all": "All"}
FILTERS = [Input("alerts-country", "value"), Input("alerts-kind", "value"),
           Input("alerts-severity", "value"), Input("alerts-status", "value"),
           Input("alerts-scope", "value"), Input("alerts-changed", "data")]


def layout(country: str | None = None, kind: str | None = None,
           severity: str | None = None, status: str | None = None, **_query) -> html.Div:
    """The alerts page for URL parameters ``country``, ``kind``, ``severity``, ``status``
    (all optional)."""
    access = current_access()
    return html.Div([
        html.H2("Alerts"),
        html.P("Changes found after each data refresh, against the previous refresh and the "
               "week before; each is alerted once. Descriptive signals, not forecasts, "
               "unless the kind says forecast.", className="muted"),
        html.Div([
            _control("alerts-country", "Country", dcc.Dropdown(
                id="alerts-country", value=country, placeholder="All countries",
                options=_country_options())),
            _control("alerts-kind", "Kind", dcc.Dropdown(
                id="alerts-kind", value=kind if kind in KINDS else None,
                placeholder="All kinds",
                options=[{"label": v, "value": k} for k, v in KINDS.items()])),
            _control("alerts-severity", "At least", dcc.Dropdown(
                id="alerts-severity", value=severity if severity in SEVERITIES else "low",
                clearable=False, options=list(SEVERITIES))),
            _control("alerts-status", "Status", dcc.Dropdown(
                id="alerts-status", value=status if status in STATUS else "open",
                clearable=False, options=[{"label": v, "value": k}
                                          for k, v in STATUS.items()])),
            _control("alerts-scope", "Show", dcc.RadioItems(
                id="alerts-scope", value="mine", inline=True,
                options=[{"label": "Matching my rule", "value": "mine"},
                         {"label": "Every alert", "value": "all"}])),
        ], className="filter-bar", role="search"),
        _ack_panel() if access.has("analyst") else None,
        html.Div(id="alerts-count", className="muted", role="status"),
        html.Ul(id="alerts-list", className="alert-list"),
        dcc.Store(id="alerts-changed", data=0),
        _rule_panel(access),
    ], className="page")


def _control(control_id: str, label: str, widget) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control_id), widget], className="control")


def _country_options() -> list[dict]:
    seen = {(a.iso3, a.country) for a in _visible()}
    return [{"label": name, "value": iso3} for iso3, name in sorted(seen, key=lambda s: s[1])]


def _visible():
    db = appstate.settings().db
    return alerts_for(appstate.warehouse(), db, current_access())


def _ack_panel() -> html.Div:
    return html.Div([
        html.H3("Acknowledge an alert"),
        _control("alerts-ack-id", "Alert", dcc.Dropdown(id="alerts-ack-id",
                                                        placeholder="Choose an alert")),
        _control("alerts-ack-note", "Note (what was done, or why not)", dcc.Textarea(
            id="alerts-ack-note", maxLength=2000, style={"width": "100%"})),
        html.Button("Acknowledge", id="alerts-ack-button", className="button", n_clicks=0),
        html.Div(id="alerts-ack-status", role="status"),
    ], className="panel", id="alerts-ack-panel")


def _rule_panel(access) -> html.Div:
    rule = alert_people.rule_for(appstate.settings().db, access.user)
    admin_button = html.Button("Save as the office's defaults", id="alerts-rule-office",
                               className="button", n_clicks=0) if access.has("admin") else None
    return html.Div([
        html.H3("Your rule"),
        html.P("Empty fields follow the office's defaults. High-severity alerts are mailed "
               "at once; the others in a daily or weekly digest.", className="muted"),
        _control("alerts-rule-severity", "Severity at least", dcc.Dropdown(
            id="alerts-rule-severity", value=rule.min_severity, options=list(SEVERITIES))),
        _control("alerts-rule-kinds", "Kinds", dcc.Dropdown(
            id="alerts-rule-kinds", multi=True, value=list(rule.kinds or []),
            placeholder="Every kind",
            options=[{"label": v, "value": k} for k, v in KINDS.items()])),
        _control("alerts-rule-countries", "Countries (ISO3, comma-separated)", dcc.Input(
            id="alerts-rule-countries", value=",".join(rule.countries or []),
            placeholder="Everywhere", debounce=True)),
        _control("alerts-rule-frequency", "Digest", dcc.Dropdown(
            id="alerts-rule-frequency", value=rule.frequency,
            options=list(alert_people.FREQUENCIES))),
        html.Button("Save my rule", id="alerts-rule-save", className="button", n_clicks=0)
        if access.user else None,
        admin_button,
        html.Div(id="alerts-rule-status", role="status"),
    ], className="panel", id="alerts-rule-panel")


@callback(Output("alerts-list", "children"), Output("alerts-count", "children"),
          Output("alerts-ack-id", "options"), *FILTERS)
def update_list(country, kind, severity, status, scope, _changed):
    """The alerts that pass the filters, newest first, and the ones left to acknowledge."""
    alerts = my_alerts() if scope == "mine" else _visible()
    floor = SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES) - 1
    shown = [a for a in alerts
             if (not country or a.iso3 == country) and (not kind or a.kind == kind)
             and SEVERITIES.index(a.severity) <= floor
             and (status == "all" or a.acknowledged == (status == "done"))]
    options = [{"label": f"#{a.alert_id} {a.headline[:90]}", "value": a.alert_id}
               for a in alerts if not a.acknowledged]
    count = f"{len(shown):,} alert(s); {unacknowledged(alerts):,} not acknowledged."
    return [alert_item(a) for a in shown], count, options


@callback(Output("alerts-ack-status", "children"), Output("alerts-changed", "data"),
          Input("alerts-ack-button", "n_clicks"), State("alerts-ack-id", "value"),
          State("alerts-ack-note", "value"), State("alerts-changed", "data"),
          prevent_initial_call=True)
def acknowledge(_clicks, alert_id, note, changed):
    """Record the acknowledgement (analysts and admins; audited) and redraw."""
    access = current_access()
    access.require("analyst", "acknowledging an alert")
    if alert_id is None:
        return "Choose an alert first.", dash.no_update
    if alert_id not in {a.alert_id for a in _visible()}:
        raise ValueError(f"there is no alert #{alert_id} for you")
    db = appstate.settings().db
    ack = alert_people.acknowledge(db, alert_id, access.user or actor() or "local", note)
    audit.record_event(db, actor(), "alert.acknowledge",
                       {"alert_id": ack.alert_id, "note": ack.note})
    set_props("alerts-badge", {"children": badge_children(unacknowledged(my_alerts()))})
    set_props("alerts-ack-note", {"value": ""})
    return f"Alert #{ack.alert_id} acknowledged.", (changed or 0) + 1


@callback(Output("alerts-rule-status", "children"),
          Input("alerts-rule-save", "n_clicks"), Input("alerts-rule-office", "n_clicks"),
          State("alerts-rule-severity", "value"), State("alerts-rule-kinds", "value"),
          State("alerts-rule-countries", "value"), State("alerts-rule-frequency", "value"),
          prevent_initial_call=True)
def save_rule(_mine, _office, severity, kinds, countries, frequency):
    """Store the signed-in person's rule, or (admins) the office's defaults; audited."""
    access = current_access()
    office = dash.ctx.triggered_id == "alerts-rule-office"
    if office:
        access.require("admin", "the office's alert defaults")
    elif not access.user:
        raise ValueError("sign in to keep a rule of your own")
    scope = alert_people.OFFICE if office else access.user
    fields = {"min_severity": severity, "kinds": kinds or None, "frequency": frequency,
              "countries": [c.strip().upper() for c in (countries or "").split(",")
                            if c.strip()] or None}
    db = appstate.settings().db
    alert_people.set_rule(db, scope, access.user, **fields)
    audit.record_event(db, actor(), "alerts.rule", dict(fields, scope=scope))
    return "Saved: the office's defaults." if office else "Saved: your rule."


def validation_layout() -> html.Div:
    """The components the page's callbacks name, without data (see
    :func:`dashboard.shell.validation_layout`)."""
    return html.Div([
        dcc.Dropdown(id="alerts-country"),
        dcc.Dropdown(id="alerts-kind"),
        dcc.Dropdown(id="alerts-severity"),
        dcc.Dropdown(id="alerts-status"),
        dcc.RadioItems(id="alerts-scope"),
        dcc.Dropdown(id="alerts-ack-id"),
        dcc.Textarea(id="alerts-ack-note"),
        html.Button(id="alerts-ack-button"),
        html.Div(id="alerts-ack-status"),
        html.Div(id="alerts-count"),
        html.Ul(id="alerts-list"),
        dcc.Store(id="alerts-changed"),
        dcc.Dropdown(id="alerts-rule-severity"),
        dcc.Dropdown(id="alerts-rule-kinds"),
        dcc.Input(id="alerts-rule-countries"),
        dcc.Dropdown(id="alerts-rule-frequency"),
        html.Button(id="alerts-rule-office"),
        html.Div(id="alerts-rule-status"),
        html.Button(id="alerts-rule-save"),
    ])
