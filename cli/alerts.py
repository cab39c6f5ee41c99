"""``atrisk alerts list|send|token|revoke|rule``: alerts from the command line (cron- or
systemd-timer-friendly: ``send`` is idempotent)."""

from __future__ import annotations

import getpass
import sys
from datetime import UTC, date, datetime, timedelta

from cli.common import add_db, existing_warehouse
from dashboard.exports.errors import ExportError
from dashboard.exports.snapshot import snapshot
from dashboard.filters import parse_filters
from dashboard.maps import MapView
from dashboard.settings import Settings
from queries import audit
from queries.access import FULL_ACCESS
from queries.alerts import KINDS, SEVERITIES, digest
from queries.alerts import people as alert_people
from queries.alerts.read import ALL_TIME, alerts_for
from queries.db import Warehouse
from queries.incidents import default_window
from queries.mail import Attachment, MailSettings, public_url
from queries.users import get_user


def add_parser(commands) -> None:
    """The ``alerts`` command and its actions."""
    alerts = commands.add_parser("alerts", help="list alerts, send digests, feed tokens, rules")
    actions = alerts.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="list the alerts, newest first")
    listing.add_argument(
        "--since",
        type=date.fromisoformat,
        help="only alerts with data from this day on (YYYY-MM-DD)",
    )
    send = actions.add_parser("send", help="e-mail the digests that are due (ATRISK_SMTP_*)")
    send.add_argument("--dry-run", action="store_true", help="say what would go; send nothing")
    send.add_argument(
        "--map",
        action="store_true",
        help="attach the week's escalation map (PNG; a few seconds, needs chromium)",
    )
    token = actions.add_parser("token", help="a new Atom feed token for a user (revokes theirs)")
    token.add_argument("name")
    revoke = actions.add_parser("revoke", help="revoke a user's feed tokens")
    revoke.add_argument("name")
    rule = actions.add_parser("rule", help="set the office's default rule or a user's own")
    who = rule.add_mutually_exclusive_group(required=True)
    who.add_argument("--office", action="store_true", help="the office's defaults")
    who.add_argument("--user", help="one user's own rule")
    rule.add_argument("--kinds", help=f"comma-separated, of {', '.join(KINDS)}")
    rule.add_argument("--countries", help="comma-separated ISO3 codes")
    rule.add_argument("--regions", help="comma-separated admin-1 codes")
    rule.add_argument("--org", help="a regional organisation's code: its members")
    rule.add_argument("--min-severity", choices=SEVERITIES)
    rule.add_argument("--frequency", choices=alert_people.FREQUENCIES)
    for sub in actions.choices.values():
        add_db(sub)


def run(args, settings: Settings) -> int:
    """Run one ``alerts`` action."""
    return {"list": _list, "send": _send, "token": _token, "revoke": _revoke, "rule": _rule}[
        args.action
    ](args, settings)


def _list(args, settings: Settings) -> int:
    wh = existing_warehouse(settings)
    try:
        found = alerts_for(wh, settings.db, FULL_ACCESS, since=args.since or ALL_TIME)
    finally:
        wh.close()
    for alert in found:
        acked = f"  [acknowledged by {alert.acks[0].username}]" if alert.acknowledged else ""
        print(
            f"#{alert.alert_id}\t{alert.data_as_of}\t{alert.severity}\t{alert.kind}\t"
            f"{alert.headline}{acked}"
        )
    if not found:
        print("no alerts")
    return 0


def _send(args, settings: Settings) -> int:
    mail = MailSettings.from_env()
    wh = existing_warehouse(settings)
    try:
        sent = digest.send(
            wh,
            settings.db,
            mail,
            datetime.now(UTC).replace(tzinfo=None),
            settings.classification,
            dry_run=args.dry_run,
            attach=(lambda: week_map(wh, settings.classification)) if args.map else None,
        )
    finally:
        wh.close()
    verb = "would send" if args.dry_run else "sent"
    for item in sent:
        print(
            f"{verb}: {item.recipient} ({item.username}, {item.period}, "
            f"{len(item.alerts)} alert(s)): {item.subject()}"
        )
    if not args.dry_run and sent:
        audit.record_event(
            settings.db,
            getpass.getuser(),
            "alerts.send",
            {"digests": [[d.username, d.period, len(d.alerts)] for d in sent]},
        )
    print(f"{len(sent)} digest(s) {verb}")
    return 0


def week_map(wh: Warehouse, classification: str) -> Attachment | None:
    """The overview's escalation map for the latest week of data as a PNG; None (and a
    warning) when it cannot be drawn here, so the digests still go."""
    _, through = default_window(wh)
    window = {"from": str(through - timedelta(days=6)), "to": str(through)}
    parsed = parse_filters(wh, window, "", access=FULL_ACCESS)
    try:
        made = snapshot(
            wh,
            MapView("overview", parsed.filter, "escalation"),
            "png",
            classification=classification,
        )
    except ExportError as exc:
        print(f"warning: the map was not attached ({exc})", file=sys.stderr)
        return None
    return Attachment(made.content, made.filename, made.mimetype)


def _token(args, settings: Settings) -> int:
    _known(settings, args.name)
    token = alert_people.new_feed_token(settings.db, args.name)
    audit.record_event(
        settings.db, getpass.getuser(), "alerts.feed_token", {"user": args.name, "via": "cli"}
    )
    print(
        f"Feed for {args.name} (keep it private; `atrisk alerts revoke {args.name}` ends "
        f"it):\n{public_url()}/alerts.atom?token={token}"
    )
    return 0


def _revoke(args, settings: Settings) -> int:
    count = alert_people.revoke_feed_tokens(settings.db, args.name)
    audit.record_event(
        settings.db, getpass.getuser(), "alerts.feed_revoke", {"user": args.name, "via": "cli"}
    )
    print(f"{args.name}: {count} feed token(s) revoked")
    return 0


def _rule(args, settings: Settings) -> int:
    if args.user:
        _known(settings, args.user)
    scope = alert_people.OFFICE if args.office else args.user
    fields = {
        "kinds": _items(args.kinds),
        "countries": _items(args.countries, upper=True),
        "regions": _items(args.regions),
        "org_code": args.org,
        "min_severity": args.min_severity,
        "frequency": args.frequency,
    }
    alert_people.set_rule(settings.db, scope, getpass.getuser(), **fields)
    audit.record_event(
        settings.db, getpass.getuser(), "alerts.rule", dict(fields, scope=scope, via="cli")
    )
    print(f"rule for {scope}: {alert_people.rule_for(settings.db, args.user)}")
    return 0


def _items(text: str | None, upper: bool = False) -> list[str] | None:
    if text is None:
        return None
    items = [item.strip() for item in text.split(",") if item.strip()]
    return [item.upper() for item in items] if upper else items


def _known(settings: Settings, name: str) -> None:
    if get_user(settings.db, name) is None:
        raise ValueError(f"there is no user called {name[:64]!r}")
