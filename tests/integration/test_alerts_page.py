"""The alerts page and header badge over the real app with sign-in on: what each role
sees, acknowledging (analysts only, audited), the badge count, the overview's week."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from dashboard import create_app
from dashboard.settings import Settings
from queries import audit, users
from queries.alerts.people import acknowledgements
from queries.schema import connect_writer
from tests.integration.test_access import dash_call

PASSWORD = "a long enough password"
ALERTS = (("escalation", "high", "Ouham: large increase, 38 against 8.", False),
          ("restricted_report", "medium", "CAF: 1 new restricted report.", True),
          ("hotspot", "low", "CAF: 1 hot cell.", False))
LIST_INPUTS = {"alerts-country": None, "alerts-kind": None, "alerts-severity": "low",
               "alerts-status": "open", "alerts-scope": "mine", "alerts-changed": 0}


@pytest.fixture
def app(db_path):
    """Three alerts of 31 Oct 2026 (one restricted, one low), incidents for the weekly
    comparison, a viewer and an analyst."""
    con = connect_writer(db_path)
    for kind, severity, headline, restricted in ALERTS:
        con.execute("INSERT INTO alerts (kind, iso3, admin1_code, severity, headline, "
                    "evidence, restricted, basis, change_key, created_at, data_as_of) VALUES "
                    "(?, 'CAF', NULL, ?, ?, ?, ?, 'previous refresh', ?, ?, DATE '2026-10-31')",
                    [kind, severity, headline, json.dumps({"filter": {"from": "2026-10-04",
                                                                      "to": "2026-10-31"}}),
                     restricted, headline, datetime(2026, 11, 1, 6)])
    con.execute("INSERT INTO import_batches (format, started_at) VALUES ('test', now())")
    con.execute("INSERT INTO incidents (incident_id, source, source_id, event_date, iso3, "
                "lat, lon, priogrid_gid, category, civilian_fatalities, batch_id) "
                "SELECT 't' || i, 'test', i, DATE '2026-10-31' - i::INTEGER, 'CAF', 4, 18, "
                "1, 'armed_conflict', 1, 1 FROM range(21) AS t(i)")
    con.close()
    users.add_user(db_path, "vic", "viewer", PASSWORD)
    users.add_user(db_path, "ann", "analyst", PASSWORD)
    app = create_app(Settings(db=db_path, auth=True, secret_key="test-secret-key"))
    yield app
    app.server.config["WAREHOUSE"].close()


def signed_in(app, name):
    client = app.server.test_client()
    assert client.post("/login", data={"username": name, "password": PASSWORD}
                       ).status_code == 302
    client.get("/")
    return client


def badge_of(client) -> str:
    """The header badge's text, as the browser would show it."""
    return text_of(find(client.get("/_dash-layout").get_json(), "alerts-badge"))


def find(node, component_id):
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == component_id:
            return node
        return next((hit for value in node.values()
                     if (hit := find(value, component_id)) is not None), None)
    if isinstance(node, list):
        return next((hit for item in node if (hit := find(item, component_id)) is not None),
                    None)
    return None


def text_of(node) -> str:
    if isinstance(node, dict):
        return text_of(node.get("props", {}).get("children"))
    if isinstance(node, list):
        return "".join(text_of(item) for item in node)
    return "" if node is None else str(node)


def test_each_role_sees_its_alerts_and_badge(app):
    ann, vic = signed_in(app, "ann"), signed_in(app, "vic")
    assert badge_of(ann) == "Alerts 2"            # the low one is below the office's rule
    assert badge_of(vic) == "Alerts 1"
    ann_list = json.dumps(dash_call(ann, app, "alerts-list.children", LIST_INPUTS))
    vic_list = json.dumps(dash_call(vic, app, "alerts-list.children", LIST_INPUTS))
    assert "CAF: 1 new restricted report." in ann_list
    assert "CAF: 1 new restricted report." not in vic_list
    assert "Ouham: large increase, 38 against 8." in vic_list
    assert "CAF: 1 hot cell." not in ann_list
    every = json.dumps(dash_call(ann, app, "alerts-list.children",
                                 dict(LIST_INPUTS, **{"alerts-scope": "all"})))
    assert "CAF: 1 hot cell." in every
    assert "/country/CAF?from=2026-10-04&to=2026-10-31" in ann_list


def test_an_analyst_acknowledges_with_a_note_and_a_viewer_cannot(app, db_path):
    ann, vic = signed_in(app, "ann"), signed_in(app, "vic")
    state = {"alerts-ack-button": 1, "alerts-ack-id": 1, "alerts-ack-note": "Desk called.",
             "alerts-changed": 0}
    refused = json.dumps(dash_call(vic, app, "alerts-ack-status.children", state))
    assert "Not allowed" in refused and acknowledgements(db_path) == {}
    done = json.dumps(dash_call(ann, app, "alerts-ack-status.children", state))
    assert "Alert #1 acknowledged." in done
    assert [(a.username, a.note) for a in acknowledgements(db_path)[1]] == \
        [("ann", "Desk called.")]
    event = audit.recent_events(db_path, "alert.")[0]
    assert (event.actor, event.action, event.detail) == \
        ("ann", "alert.acknowledge", {"alert_id": 1, "note": "Desk called."})
    assert badge_of(ann) == "Alerts 1"
    still_open = json.dumps(dash_call(ann, app, "alerts-list.children", LIST_INPUTS))
    assert "Ouham" not in still_open and "Desk called." not in still_open
    done_list = json.dumps(dash_call(ann, app, "alerts-list.children",
                                     dict(LIST_INPUTS, **{"alerts-status": "done"})))
    assert "Acknowledged by ann" in done_list and "Desk called." in done_list


def test_overview_shows_the_week(app):
    ann = signed_in(app, "ann")
    from dashboard.pages import overview

    with app.server.test_request_context("/"):
        from flask import g

        from queries.access import Access

        g.access = Access("vic", "viewer")
        text = json.dumps(overview.layout().to_plotly_json(), default=str)
    assert "What changed this week" in text
    assert "Ouham: large increase, 38 against 8." in text
    assert "CAF: 1 new restricted report." not in text          # not for a viewer
    # 21 daily incidents to 31 Oct: 7 in the latest week, 7 the week before, 14 / 52 a week
    assert "vs the week before (7)" in text and "vs the 52-week average (0.3)" in text
    assert ann.get("/_dash-layout").status_code == 200
    assert date(2026, 10, 31).strftime("%d %b %Y") in text
