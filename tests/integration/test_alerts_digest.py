"""E-mail digests to a local SMTP server (aiosmtpd on 127.0.0.1): recipients, subjects,
content by role, ``--dry-run``, never twice per period, high severity at once."""

from __future__ import annotations

import io
import json
import socket
from datetime import date, datetime
from email import message_from_bytes, policy

import pytest

import app
from queries import users
from queries.alerts import digest
from queries.alerts.people import set_email, set_rule
from queries.db import Warehouse
from queries.mail import MailSettings
from queries.schema import connect_writer

PASSWORD = "a long enough password"
ALERT = """
INSERT INTO alerts (kind, iso3, admin1_code, severity, headline, evidence, restricted, basis,
                    change_key, created_at, data_as_of)
VALUES ($kind, $iso3, NULL, $severity, $headline, $evidence, $restricted, 'previous refresh',
        $key, $created, DATE '2026-10-31')
"""
EVIDENCE = {"figures": {}, "filter": {"from": "2026-10-25", "to": "2026-10-31"},
            "incidents": [{"incident_id": "a1", "event_date": "2026-10-30",
                           "category": "violence_against_civilians", "fatalities": 7,
                           "location": "Bria", "sensitivity": "public"},
                          {"incident_id": "s1", "event_date": "2026-10-29",
                           "category": "sexual_violence", "fatalities": 2,
                           "location": "Secret village", "sensitivity": "restricted"}]}


class Inbox:
    """What the local SMTP server received."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, msg))
        return "250 OK"


@pytest.fixture
def smtp():
    """A real SMTP server on 127.0.0.1, an ephemeral port; its inbox."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:          # a free port (the controller cannot take 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def add_alert(db_path, kind, severity, headline, restricted=False, created="2026-11-01 06:00"):
    con = connect_writer(db_path)
    try:
        con.execute(ALERT, {"kind": kind, "iso3": "CAF", "severity": severity,
                            "headline": headline, "evidence": json.dumps(EVIDENCE),
                            "restricted": restricted, "key": headline,
                            "created": datetime.fromisoformat(created)})
    finally:
        con.close()


@pytest.fixture
def office(db_path):
    """Alerts: one high, one medium, one restricted (medium), one low. People: a viewer and
    an analyst with addresses, an admin without."""
    connect_writer(db_path).close()
    add_alert(db_path, "escalation", "high", "CAF: large increase, 38 against 8.")
    add_alert(db_path, "fatalities", "medium", "CAF: 30 civilians killed in a week.")
    add_alert(db_path, "restricted_report", "medium", "CAF: 1 new restricted report.",
              restricted=True)
    add_alert(db_path, "hotspot", "low", "CAF: 1 hot cell.")
    users.add_user(db_path, "vera", "viewer", PASSWORD)
    users.add_user(db_path, "ana", "analyst", PASSWORD)
    users.add_user(db_path, "root", "admin", PASSWORD)
    set_email(db_path, "vera", "vera@example.org")
    set_email(db_path, "ana", "ana@example.org")
    return db_path


def settings_for(port: int) -> MailSettings:
    return MailSettings.from_env({"ATRISK_SMTP_HOST": "127.0.0.1",
                                  "ATRISK_SMTP_PORT": str(port),
                                  "ATRISK_SMTP_FROM": "alerts@monitor.example.org",
                                  "ATRISK_PUBLIC_URL": "https://monitor.example.org"})


def run(db, port, when, dry_run=False):
    wh = Warehouse(db)
    try:
        return digest.send(wh, db, settings_for(port), when, "RESTRICTED", dry_run=dry_run)
    finally:
        wh.close()


def parts(msg) -> tuple[str, str]:
    return (msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content())


def test_digest_reaches_each_person_with_what_their_role_allows(office, smtp):
    inbox, port = smtp
    monday = datetime(2026, 11, 2, 7, 0)
    assert [d.recipient for d in run(office, port, monday, dry_run=True)] == \
        ["ana@example.org", "vera@example.org"]
    assert inbox.messages == []
    sent = run(office, port, monday)
    assert len(sent) == 2
    by_rcpt = {tuple(rcpts): msg for rcpts, msg in inbox.messages}
    assert set(by_rcpt) == {("ana@example.org",), ("vera@example.org",)}
    ana, vera = by_rcpt[("ana@example.org",)], by_rcpt[("vera@example.org",)]
    assert ana["Subject"] == "[Atrocity Risk Monitor] Daily alerts 2026-11-02: 3 new (1 high)"
    assert vera["Subject"] == "[Atrocity Risk Monitor] Daily alerts 2026-11-02: 2 new (1 high)"
    assert ana["From"] == "alerts@monitor.example.org"
    ana_text, ana_html = parts(ana)
    vera_text, vera_html = parts(vera)
    assert "[HIGH] CAF: large increase, 38 against 8." in ana_text
    assert "CAF: 1 new restricted report." in ana_text and "Secret village" in ana_text
    assert "restricted report" not in vera_text and "Secret village" not in vera_text
    assert "1 restricted incident(s) not shown" in vera_text
    assert "CAF: 1 hot cell." not in ana_text            # low: below the office default
    assert "https://monitor.example.org/country/CAF?from=2026-10-25&amp;to=2026-10-31" \
        in ana_html
    assert "Classification: RESTRICTED" in ana_text
    assert run(office, port, monday.replace(hour=18)) == []   # same day: nothing new
    assert len(inbox.messages) == 2


def test_high_severity_goes_at_once_and_periods_are_kept(office, smtp):
    inbox, port = smtp
    set_rule(office, "vera", "test", frequency="weekly")
    run(office, port, datetime(2026, 11, 2, 7, 0))           # the first digests
    add_alert(office, "fatalities", "high", "CAF: 120 civilians killed in a week.",
              created="2026-11-02 09:00")
    add_alert(office, "escalation", "medium", "CAF-A: moderate increase.",
              created="2026-11-02 09:00")
    later = run(office, port, datetime(2026, 11, 2, 10, 0))
    assert sorted((d.recipient, d.period, len(d.alerts)) for d in later) == [
        ("ana@example.org", "immediate:5", 1), ("vera@example.org", "immediate:5", 1)]
    assert str(inbox.messages[-1][1]["Subject"]).strip().startswith(
        "[Atrocity Risk Monitor] High severity: CAF: 120 civilians killed")
    assert run(office, port, datetime(2026, 11, 2, 11, 0)) == []
    tuesday = run(office, port, datetime(2026, 11, 3, 7, 0))
    assert [(d.recipient, d.period, [a.headline for a in d.alerts]) for d in tuesday] == [
        ("ana@example.org", "daily:2026-11-03", ["CAF-A: moderate increase."])]
    next_week = run(office, port, datetime(2026, 11, 9, 7, 0))
    assert [(d.recipient, d.period) for d in next_week] == [
        ("vera@example.org", "weekly:2026-W46")]


def test_cli_send_dry_run_then_send(office, smtp, monkeypatch, capsys):
    inbox, port = smtp
    for name, value in {"ATRISK_SMTP_HOST": "127.0.0.1", "ATRISK_SMTP_PORT": str(port),
                        "ATRISK_SMTP_FROM": "alerts@monitor.example.org"}.items():
        monkeypatch.setenv(name, value)
    assert app.main(["alerts", "send", "--dry-run", "--db", str(office)]) == 0
    assert "2 digest(s) would send" in capsys.readouterr().out and inbox.messages == []
    assert app.main(["alerts", "send", "--db", str(office)]) == 0
    assert len(inbox.messages) == 2
    assert app.main(["alerts", "send", "--db", str(office)]) == 0
    assert "0 digest(s) sent" in capsys.readouterr().out and len(inbox.messages) == 2


def test_cli_users_email_and_alert_list(db_path, monkeypatch, capsys):
    connect_writer(db_path).close()
    add_alert(db_path, "escalation", "high", "CAF: large increase, 38 against 8.")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert app.main(["users", "add", "kim", "--role", "viewer", "--email", "kim@example.org",
                     "--db", str(db_path)]) == 0
    assert app.main(["users", "set-email", "kim", "not-an-address", "--db", str(db_path)]) == 2
    assert app.main(["users", "set-email", "kim", "kim@un.example.org",
                     "--db", str(db_path)]) == 0
    from queries.alerts.people import emails

    assert emails(db_path) == {"kim": "kim@un.example.org"}
    assert app.main(["alerts", "list", "--since", "2026-10-01", "--db", str(db_path)]) == 0
    assert "#1\t2026-10-31\thigh\tescalation\tCAF: large increase" in capsys.readouterr().out
    assert app.main(["alerts", "list", "--since", str(date(2026, 11, 1)),
                     "--db", str(db_path)]) == 0
    assert "no alerts" in capsys.readouterr().out


def test_cli_send_attaches_the_week_map(office, smtp, monkeypatch):
    """``--map``: every message carries the escalation map of the latest week as a PNG
    (kaleido and the system chromium, offline)."""
    inbox, port = smtp
    for name, value in {"ATRISK_SMTP_HOST": "127.0.0.1", "ATRISK_SMTP_PORT": str(port),
                        "ATRISK_SMTP_FROM": "alerts@monitor.example.org"}.items():
        monkeypatch.setenv(name, value)
    assert app.main(["alerts", "send", "--map", "--db", str(office)]) == 0
    assert len(inbox.messages) == 2
    for _, msg in inbox.messages:
        files = [part for part in msg.iter_attachments()]
        assert [part.get_content_type() for part in files] == ["image/png"]
        assert files[0].get_filename().startswith("map_overview_escalation_")
        assert files[0].get_content()[:8] == b"\x89PNG\r\n\x1a\n"
        assert parts(msg)[0].startswith("Atrocity Risk Monitor: alerts for")
