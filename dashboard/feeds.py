"""The Atom feed of one person's alerts, ``/alerts.atom?token=...``, for a feed reader or a
mail client. The token (``atrisk alerts token NAME``, revocable) stands for the session:
the feed shows what that person's role may see and their rules select."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

from flask import Response, jsonify, request

from dashboard import appstate
from queries import users
from queries.access import Access
from queries.alerts import KINDS
from queries.alerts.people import feed_owner
from queries.alerts.read import AlertView, alerts_of_my_rule

FEED_PATH = "/alerts.atom"
FEED_DAYS = 30
FEED_ENTRIES = 100
ATOM = "http://www.w3.org/2005/Atom"


def register_feed(server) -> None:
    """Serve the feed at :data:`FEED_PATH` (the gate lets it through: the token decides)."""
    server.add_url_rule(FEED_PATH, "alerts_feed", alerts_feed)


def alerts_feed() -> Response:
    """The feed for the token's owner; 403 for a missing, unknown or revoked token."""
    db = appstate.settings().db
    owner = feed_owner(db, request.args.get("token", ""))
    user = users.get_user(db, owner) if owner else None
    if user is None:
        response = jsonify({"error": "this feed token is unknown or was revoked"})
        response.status_code = 403
        return response
    access = Access(user.username, user.role)
    since = date.today() - timedelta(days=FEED_DAYS)
    alerts = alerts_of_my_rule(appstate.warehouse(), db, access,
                               since=since)[:FEED_ENTRIES]
    body = atom(user.username, alerts, request.url_root.rstrip("/"))
    return Response(body, mimetype="application/atom+xml",
                    headers={"Cache-Control": "private, no-store"})


def atom(username: str, alerts: list[AlertView], base_url: str) -> bytes:
    """The Atom document (RFC 4287): feed id, title, updated, author, links; per alert an
    entry with id, title (the headline), updated, a link to the evidence and a summary."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", f"urn:atrisk:alerts:{username}")
    _text(feed, "title", f"Atrocity Risk Monitor: alerts for {username}")
    latest = max((a.created_at for a in alerts), default=datetime.now(UTC))
    _text(feed, "updated", _stamp(latest))
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", "Atrocity Risk Monitor")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=f"{base_url}/alerts")
    for alert in alerts:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"urn:atrisk:alert:{alert.alert_id}")
        _text(entry, "title", f"[{alert.severity}] {alert.headline}")
        _text(entry, "updated", _stamp(alert.created_at))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate",
                      href=f"{base_url}{alert.link()}")
        ET.SubElement(entry, f"{{{ATOM}}}category", term=alert.kind,
                      label=KINDS.get(alert.kind, alert.kind))
        _text(entry, "summary", _summary(alert))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _summary(alert: AlertView) -> str:
    hidden = alert.evidence.get("restricted_hidden")
    shown = len(alert.evidence.get("incidents", []))
    return (f"{KINDS.get(alert.kind, alert.kind)}, severity {alert.severity}; data as of "
            f"{alert.data_as_of:%d %b %Y}; compared with: {alert.basis}. {shown} incident(s) "
            "in the evidence" + (f", {hidden} restricted not shown" if hidden else "") + "."
            + (f" Acknowledged by {alert.acks[0].username}." if alert.acknowledged else ""))


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = value
    return element


def _stamp(value: datetime) -> str:
    """RFC 3339 in UTC (stored timestamps are naive UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
