"""The alerts one person may see (their role), those their rule selects, and the week's
ranked changes for the overview. Restricted alerts and restricted incidents in evidence
reach only the roles that may see restricted detail."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from queries.access import Access
from queries.alerts import SEVERITIES
from queries.alerts.people import Ack, Rule, acknowledgements, rule_and_acknowledgements
from queries.db import Warehouse

ALL_TIME = date(1900, 1, 1)
LIST_LIMIT = 1000
# Which changes lead "what changed this week" at equal severity.
KIND_WEIGHT = {"forecast_rank": 0, "fatalities": 1, "escalation": 2, "quiet_ended": 3,
               "forecast_cells": 4, "hotspot": 5, "restricted_report": 6}


@dataclass(frozen=True)
class AlertView:
    """One alert as one person may see it."""

    alert_id: int
    kind: str
    iso3: str
    country: str
    admin1_code: str | None
    admin1_name: str | None
    severity: str
    headline: str
    evidence: dict
    restricted: bool
    basis: str
    created_at: datetime
    data_as_of: date
    acks: tuple[Ack, ...] = field(default=())

    @property
    def acknowledged(self) -> bool:
        """Whether anyone acknowledged it."""
        return bool(self.acks)

    def link(self) -> str:
        """The country page filtered to the evidence (its dates, its region)."""
        wanted = self.evidence.get("filter", {})
        query = {key: wanted[key] for key in ("from", "to", "admin1") if wanted.get(key)}
        return f"/country/{self.iso3}" + (f"?{urlencode(query)}" if query else "")


def visible_alerts(wh: Warehouse, access: Access, since: date = ALL_TIME,
                   limit: int = LIST_LIMIT) -> list[AlertView]:
    """The alerts ``access`` may see with data from ``since`` on, newest first; for roles
    without restricted detail, restricted alerts are left out and restricted incidents
    removed from the evidence (their number kept)."""
    frame = wh.df("alerts_list", since=since, include_restricted=access.may_see_restricted,
                  limit=limit)
    return [_view(row, access) for row in frame.to_dict("records")]


def _view(row: dict, access: Access) -> AlertView:
    evidence = json.loads(row["evidence"])
    if not access.may_see_restricted:
        incidents = evidence.get("incidents", [])
        evidence["incidents"] = [i for i in incidents if i.get("sensitivity") != "restricted"]
        evidence["restricted_hidden"] = len(incidents) - len(evidence["incidents"])
    return AlertView(
        int(row["alert_id"]), row["kind"], row["iso3"], row["country"],
        _text(row["admin1_code"]), _text(row["admin1_name"]), row["severity"],
        row["headline"], evidence, bool(row["restricted"]), row["basis"],
        row["created_at"], _as_date(row["data_as_of"]))


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def matches(rule: Rule, alert: AlertView, members: frozenset[str] = frozenset()) -> bool:
    """Whether ``rule`` selects ``alert`` (``members``: the rule's organisation's)."""
    if rule.kinds is not None and alert.kind not in rule.kinds:
        return False
    if SEVERITIES.index(alert.severity) > SEVERITIES.index(rule.min_severity):
        return False
    if rule.countries is None and rule.regions is None and rule.org_code is None:
        return True
    return (alert.iso3 in (rule.countries or ()) or alert.admin1_code in (rule.regions or ())
            or alert.iso3 in members)


def org_members(wh: Warehouse, org_code: str | None, on: date | None = None) -> frozenset[str]:
    """The member countries of ``org_code`` on ``on`` (today), not suspended."""
    if not org_code:
        return frozenset()
    frame = wh.df("alerts_org_members", org_code=org_code, on_date=on or date.today())
    return frozenset(frame["iso3"])


def alerts_for(wh: Warehouse, db: Path, access: Access, rule: Rule | None = None,
               since: date = ALL_TIME) -> list[AlertView]:
    """What ``access`` may see, with acknowledgements; only what ``rule`` selects when
    given."""
    visible = visible_alerts(wh, access, since)
    return _selected(wh, rule, acknowledgements(db), visible) if visible else []


def alerts_of_my_rule(wh: Warehouse, db: Path, access: Access,
                      since: date = ALL_TIME) -> list[AlertView]:
    """What ``access`` may see and its own rule selects, with acknowledgements. The
    sidecar (rules, acknowledgements) is opened only when there is an alert to match: the
    header badge asks on every page load."""
    visible = visible_alerts(wh, access, since)
    if not visible:
        return []
    rule, acks = rule_and_acknowledgements(db, access.user)
    return _selected(wh, rule, acks, visible)


def _selected(wh: Warehouse, rule: Rule | None, acks: dict[int, list[Ack]],
              visible: list[AlertView]) -> list[AlertView]:
    members = org_members(wh, rule.org_code) if rule else frozenset()
    return [_with_acks(alert, acks.get(alert.alert_id, [])) for alert in visible
            if rule is None or matches(rule, alert, members)]


def _with_acks(alert: AlertView, acks: list[Ack]) -> AlertView:
    return replace(alert, acks=tuple(acks))


def unacknowledged(alerts: list[AlertView]) -> int:
    """How many of ``alerts`` nobody acknowledged yet."""
    return sum(not alert.acknowledged for alert in alerts)


def this_week(wh: Warehouse, access: Access, limit: int = 8) -> list[AlertView]:
    """The week's most important changes: alerts with data from the 7 days up to the
    latest, one per country and kind, by severity, then kind, then country-wide first."""
    recent = visible_alerts(wh, access, since=ALL_TIME, limit=LIST_LIMIT)
    if not recent:
        return []
    latest = max(alert.data_as_of for alert in recent)
    week = [a for a in recent if a.data_as_of > latest - timedelta(days=7)]
    week.sort(key=lambda a: (SEVERITIES.index(a.severity), KIND_WEIGHT.get(a.kind, 9),
                             a.admin1_code is not None, -a.alert_id))
    chosen, seen = [], set()
    for alert in week:
        if (alert.iso3, alert.kind) not in seen:
            seen.add((alert.iso3, alert.kind))
            chosen.append(alert)
    return chosen[:limit]


def week_totals(wh: Warehouse) -> dict:
    """Incidents and civilian fatalities in the latest 7 days of data, the 7 before and
    the 52-week weekly average (``through``: the latest day; None without incidents)."""
    rows = wh.cached("alerts_week_totals").to_pylist()   # changes only with the data
    if not rows or rows[0]["through"] is None:
        return {"through": None}
    row = rows[0]
    return {key: (_as_date(value) if key == "through" else
                  float(value) if key.endswith("average") else int(value))
            for key, value in row.items()}
