"""The Atom feed over the real app with sign-in on: parses as Atom with the required
elements, shows what the token owner's role allows, refuses a revoked or unknown token."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from dashboard import create_app
from dashboard.settings import Settings
from queries import users
from queries.alerts.people import new_feed_token, revoke_feed_tokens
from queries.schema import connect_writer

A = "{http://www.w3.org/2005/Atom}"
PASSWORD = "a long enough password"
EVIDENCE = {"filter": {"from": "2026-10-04", "to": "2026-10-31", "admin1": "CAF-A"},
            "incidents": [{"incident_id": "p1", "sensitivity": "public"},
                          {"incident_id": "s1", "sensitivity": "restricted"}]}


@pytest.fixture
def feed_app(db_path):
    """Two alerts from yesterday (one restricted), a viewer and an analyst."""
    con = connect_writer(db_path)
    now = datetime.now()
    for kind, headline, restricted in (("escalation", "Ouham: large increase.", False),
                                       ("restricted_report", "CAF: secret report.", True)):
        con.execute("INSERT INTO alerts (kind, iso3, admin1_code, severity, headline, "
                    "evidence, restricted, basis, change_key, created_at, data_as_of) VALUES "
                    "(?, 'CAF', 'CAF-A', 'high', ?, ?, ?, 'previous refresh', ?, ?, ?)",
                    [kind, headline, json.dumps(EVIDENCE), restricted, headline, now,
                     now.date()])
    con.close()
    users.add_user(db_path, "vic", "viewer", PASSWORD)
    users.add_user(db_path, "ann", "analyst", PASSWORD)
    app = create_app(Settings(db=db_path, auth=True, secret_key="test-secret-key"))
    yield app
    app.server.config["WAREHOUSE"].close()


def entries(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{A}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{A}{required}").text
    assert feed.find(f"{A}author/{A}name").text == "Atrocity Risk Monitor"
    found = []
    for entry in feed.findall(f"{A}entry"):
        for required in ("id", "title", "updated", "summary"):
            assert entry.find(f"{A}{required}").text, required
        found.append({"title": entry.find(f"{A}title").text,
                      "link": entry.find(f"{A}link").get("href"),
                      "summary": entry.find(f"{A}summary").text})
    return found


def test_feed_respects_the_role_of_the_token_owner(feed_app, db_path):
    client = feed_app.server.test_client()
    viewer = entries(client.get(f"/alerts.atom?token={new_feed_token(db_path, 'vic')}"))
    analyst = entries(client.get(f"/alerts.atom?token={new_feed_token(db_path, 'ann')}"))
    assert [e["title"] for e in viewer] == ["[high] Ouham: large increase."]
    assert [e["title"] for e in analyst] == ["[high] CAF: secret report.",
                                             "[high] Ouham: large increase."]
    assert viewer[0]["link"] == \
        "http://localhost/country/CAF?from=2026-10-04&to=2026-10-31&admin1=CAF-A"
    assert "1 incident(s) in the evidence, 1 restricted not shown" in viewer[0]["summary"]
    assert "2 incident(s) in the evidence." in analyst[1]["summary"]


def test_feed_refuses_revoked_unknown_and_missing_tokens(feed_app, db_path):
    client = feed_app.server.test_client()
    old = new_feed_token(db_path, "vic")
    new = new_feed_token(db_path, "vic")                    # a new token revokes the old
    assert client.get(f"/alerts.atom?token={old}").status_code == 403
    assert client.get(f"/alerts.atom?token={new}").status_code == 200
    assert revoke_feed_tokens(db_path, "vic") == 1
    assert client.get(f"/alerts.atom?token={new}").status_code == 403
    assert client.get("/alerts.atom?token=guess").status_code == 403
    assert client.get("/alerts.atom").status_code == 403
    token = new_feed_token(db_path, "ann")
    users.remove_user(db_path, "ann")                       # a removed user's feed ends
    assert client.get(f"/alerts.atom?token={token}").status_code == 403
