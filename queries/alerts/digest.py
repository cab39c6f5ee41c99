"""E-mail digests: what is due for each person with an address, composed as plain text
and HTML, sent, and recorded so nothing goes twice.

Per person and run, at most one message: the period's digest (``daily:YYYY-MM-DD`` or
``weekly:YYYY-Www``, once per period) with every matching alert not delivered yet; else,
between digests, the high-severity ones at once (``immediate:<first alert id>``). Someone
who never had a digest gets one on the first run, with the last 7 days (or a line saying
nothing matched). Each person sees only what their role allows.
"""

from __future__ import annotations

import html as htmlmod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from queries import users
from queries.access import Access
from queries.alerts import KINDS
from queries.alerts import people as alert_people
from queries.alerts.read import AlertView, alerts_for
from queries.db import Warehouse
from queries.mail import Attachment, MailSettings, connection, message

FIRST_DIGEST_DAYS = 7
LOOKBACK_DAYS = 30
EVIDENCE_LINES = 3


@dataclass(frozen=True)
class Digest:
    """One message due to one person."""

    username: str
    role: str
    recipient: str
    period: str
    alerts: tuple[AlertView, ...]
    covers: tuple[int, ...] = ()       # alerts recorded as delivered (shown or older)

    def subject(self) -> str:
        """The subject line: the period and how many alerts, or the one urgent headline."""
        if self.period.startswith("immediate:"):
            first = self.alerts[0].headline
            more = f" (+{len(self.alerts) - 1} more)" if len(self.alerts) > 1 else ""
            return f"[Atrocity Risk Monitor] High severity: {first[:120]}{more}"
        kind, when = self.period.split(":", 1)
        high = sum(a.severity == "high" for a in self.alerts)
        return (f"[Atrocity Risk Monitor] {kind.capitalize()} alerts {when}: "
                f"{len(self.alerts)} new" + (f" ({high} high)" if high else ""))


def due(wh: Warehouse, db: Path, now: datetime) -> list[Digest]:
    """The messages due at ``now`` (UTC), one at most per person with an address."""
    addresses = alert_people.emails(db)
    found = []
    for user in users.list_users(db):
        if user.username in addresses:
            digest = _due_for(wh, db, user, addresses[user.username], now)
            if digest is not None:
                found.append(digest)
    return found


def _due_for(wh: Warehouse, db: Path, user, address: str, now: datetime) -> Digest | None:
    rule = alert_people.rule_for(db, user.username)
    periods, delivered = alert_people.sent_before(db, user.username)
    first = not periods
    since = now - timedelta(days=LOOKBACK_DAYS)
    fresh = [a for a in alerts_for(wh, db, Access(user.username, user.role), rule,
                                   since=since.date())
             if a.alert_id not in delivered and a.created_at >= since]
    period = period_of(rule.frequency, now)
    if period is not None and period not in periods and (fresh or first):
        # a first digest shows the last week; older alerts count as delivered with it
        shown = [a for a in fresh
                 if not first or a.created_at >= now - timedelta(days=FIRST_DIGEST_DAYS)]
        return Digest(user.username, user.role, address, period, tuple(shown),
                      tuple(a.alert_id for a in fresh))
    urgent = tuple(a for a in fresh if a.severity == "high")
    if urgent:
        return Digest(user.username, user.role, address,
                      f"immediate:{min(a.alert_id for a in urgent)}", urgent,
                      tuple(a.alert_id for a in urgent))
    return None


def period_of(frequency: str, now: datetime) -> str | None:
    """The digest period ``now`` falls in for ``frequency`` (None: no digests)."""
    if frequency == "daily":
        return f"daily:{now:%Y-%m-%d}"
    if frequency == "weekly":
        year, week, _ = now.isocalendar()
        return f"weekly:{year}-W{week:02d}"
    return None


def send(wh: Warehouse, db: Path, settings: MailSettings, now: datetime,
         classification: str, dry_run: bool = False,
         attach: Callable[[], Attachment | None] | None = None) -> list[Digest]:
    """Send what is due (nothing with ``dry_run``) and record each message once sent;
    returns the digests due. ``attach`` makes a file for every message (the week's map),
    called once and only when something is due."""
    digests = due(wh, db, now)
    if dry_run or not digests:
        return digests
    made = attach() if attach else None
    files = (made,) if made else ()
    with connection(settings) as smtp:
        for digest in digests:
            smtp.send_message(message(settings, digest.recipient, digest.subject(),
                                      text(digest, settings.public_url, classification),
                                      html(digest, settings.public_url, classification),
                                      files))
            alert_people.record_digest(db, digest.username, digest.period, digest.recipient,
                                       digest.subject(), list(digest.covers))
    return digests


def text(digest: Digest, base_url: str, classification: str) -> str:
    """The plain-text body."""
    lines = [f"Atrocity Risk Monitor: alerts for {digest.username} ({digest.role})",
             f"Classification: {classification}", ""]
    if not digest.alerts:
        lines.append("No alert matched your rules in the last "
                      f"{FIRST_DIGEST_DAYS} days. You will hear from us when one does.")
    for alert in digest.alerts:
        lines += [f"[{alert.severity.upper()}] {alert.headline}",
                  f"  {KINDS.get(alert.kind, alert.kind)}; data as of "
                  f"{alert.data_as_of:%d %b %Y}; compared with the {alert.basis}"
                  if alert.basis != "new incidents" else
                  f"  {KINDS.get(alert.kind, alert.kind)}; new incidents to "
                  f"{alert.data_as_of:%d %b %Y}"]
        lines += [f"  - {line}" for line in _evidence_lines(alert)]
        lines += [f"  Open: {base_url}{alert.link()}", ""]
    lines += ["", f"All alerts and your rules: {base_url}/alerts"]
    return "\n".join(lines)


def html(digest: Digest, base_url: str, classification: str) -> str:
    """The HTML body: the same content as :func:`text`."""
    esc = htmlmod.escape
    items = []
    for alert in digest.alerts:
        evidence = "".join(f"<li>{esc(line)}</li>" for line in _evidence_lines(alert))
        items.append(
            f'<li><strong>[{esc(alert.severity.upper())}]</strong> '
            f'<a href="{esc(base_url + alert.link())}">{esc(alert.headline)}</a>'
            f"<br><small>{esc(KINDS.get(alert.kind, alert.kind))}; data as of "
            f"{alert.data_as_of:%d %b %Y}; {esc(alert.basis)}</small><ul>{evidence}</ul></li>")
    body = (f"<ul>{''.join(items)}</ul>" if items else
            f"<p>No alert matched your rules in the last {FIRST_DIGEST_DAYS} days.</p>")
    return (f"<!DOCTYPE html><html><body><p><strong>{esc(classification)}</strong></p>"
            f"<h1>Atrocity Risk Monitor: alerts for {esc(digest.username)}</h1>{body}"
            f'<p><a href="{esc(base_url)}/alerts">All alerts and your rules</a></p>'
            "</body></html>")


def _evidence_lines(alert: AlertView) -> list[str]:
    """A few incidents behind the alert, one line each (as the role may see them)."""
    lines = []
    for row in alert.evidence.get("incidents", [])[:EVIDENCE_LINES]:
        killed = row.get("fatalities") or 0
        place = f" at {row['location']}" if row.get("location") else ""
        lines.append(f"{str(row.get('event_date'))[:10]}: "
                     f"{str(row.get('category')).replace('_', ' ')}{place}, {killed} killed")
    hidden = alert.evidence.get("restricted_hidden")
    if hidden:
        lines.append(f"{hidden} restricted incident(s) not shown")
    return lines
