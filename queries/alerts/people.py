"""The people's side of alerts, in the sidecar file next to the warehouse (the app holds
the warehouse read-only, so what it writes goes there; see :mod:`queries.audit`): e-mail
addresses, rules (the office's defaults and each user's own), acknowledgements, feed
tokens, and which digests and alerts reached whom.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from queries.alerts import KINDS, SEVERITIES
from queries.audit import sidecar
from queries.statements import named_sql, transaction
from queries.users import get_user

OFFICE = "*office*"
FREQUENCIES = ("daily", "weekly", "off")
_EMAIL = re.compile(r"^[^@\s<>,;]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$")


@dataclass(frozen=True)
class Rule:
    """What one person receives. ``None`` in a list: no limit. Places: an alert matches
    when its country is in ``countries``, its region in ``regions`` or its country a
    member of ``org_code`` (no places given: everywhere)."""

    kinds: tuple[str, ...] | None = None
    countries: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    org_code: str | None = None
    min_severity: str = "medium"
    frequency: str = "daily"


OFFICE_DEFAULT = Rule()
_RULE_FIELDS = ("kinds", "countries", "regions", "org_code", "min_severity", "frequency")


@dataclass(frozen=True)
class Ack:
    """One acknowledgement of an alert."""

    alert_id: int
    username: str
    note: str
    at: datetime


@contextmanager
def store(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The sidecar with the alert tables created (see :func:`queries.audit.sidecar`)."""
    with sidecar(db) as con:
        con.execute(named_sql("alerts_sidecar_create"))
        yield con


def check_email(address: str) -> str:
    """``address`` when it looks like one mailbox, else ``ValueError``."""
    if not _EMAIL.match(address or ""):
        raise ValueError(f"{address[:80]!r} is not an e-mail address (name@example.org)")
    return address


def set_email(db: Path, username: str, address: str) -> None:
    """Where ``username``'s digests go; ``ValueError`` for an unknown user or address."""
    check_email(address)
    if get_user(db, username) is None:
        raise ValueError(f"there is no user called {username[:64]!r}")
    with store(db) as con:
        con.execute(named_sql("alerts_contact_set"),
                    {"username": username, "email": address, "now": _now()})


def emails(db: Path) -> dict[str, str]:
    """Every recorded address, by user name."""
    with store(db) as con:
        return dict(con.execute(named_sql("alerts_contacts_all")).fetchall())


def rule_for(db: Path, username: str | None) -> Rule:
    """The rule in force for ``username``: the office's defaults with the user's own
    fields in their place (``None``: the office's rule)."""
    with store(db) as con:
        return _rule(con, username)


def rule_and_acknowledgements(db: Path, username: str | None
                              ) -> tuple[Rule, dict[int, list[Ack]]]:
    """:func:`rule_for` and :func:`acknowledgements` with one opening of the sidecar (the
    header badge asks on every page load; an opening costs ~50 ms here)."""
    with store(db) as con:
        return _rule(con, username), _acknowledgements(con)


def _rule(con: duckdb.DuckDBPyConnection, username: str | None) -> Rule:
    rows = con.execute(named_sql("alerts_rule_get"), {"username": username or OFFICE}
                       ).fetchall()
    by_scope = {row[0]: row[1:] for row in rows}
    rule = _overlay(OFFICE_DEFAULT, by_scope.get(OFFICE))
    return _overlay(rule, by_scope.get(username)) if username else rule


def _overlay(rule: Rule, row) -> Rule:
    if row is None:
        return rule
    changes = {name: tuple(value) if isinstance(value, list) else value
               for name, value in zip(_RULE_FIELDS, row, strict=True) if value is not None}
    return replace(rule, **changes)


def set_rule(db: Path, scope: str, by: str | None, **fields) -> None:
    """Store the rule of ``scope`` (:data:`OFFICE` or a user name): the fields of
    :class:`Rule`, ``None`` to inherit the office's. Checks kinds, severity, frequency."""
    unknown = set(fields) - set(_RULE_FIELDS)
    if unknown:
        raise ValueError(f"not a rule field: {', '.join(sorted(unknown))}")
    _check_rule_values(fields)
    values = {name: fields.get(name) for name in _RULE_FIELDS}
    for name in ("kinds", "countries", "regions"):
        if values[name] is not None:
            values[name] = list(values[name])
    with store(db) as con:
        con.execute(named_sql("alerts_rule_set"),
                    dict(values, scope=scope, updated_by=by, now=_now()))


def _check_rule_values(fields: dict) -> None:
    bad_kinds = set(fields.get("kinds") or ()) - set(KINDS)
    if bad_kinds:
        raise ValueError(f"unknown alert kind(s): {', '.join(sorted(bad_kinds))}")
    if fields.get("min_severity") not in (None, *SEVERITIES):
        raise ValueError(f"severity: expected one of {', '.join(SEVERITIES)}")
    if fields.get("frequency") not in (None, *FREQUENCIES):
        raise ValueError(f"frequency: expected one of {', '.join(FREQUENCIES)}")


def acknowledge(db: Path, alert_id: int, username: str, note: str) -> Ack:
    """Record that ``username`` acknowledged alert ``alert_id`` with ``note`` (the caller
    checks the role and audits it); ``ValueError`` without a note."""
    note = (note or "").strip()
    if not note:
        raise ValueError("an acknowledgement needs a note (what was done, or why not)")
    ack = Ack(int(alert_id), username, note[:2000], _now())
    with store(db) as con:
        con.execute(named_sql("alerts_ack_insert"),
                    {"alert_id": ack.alert_id, "username": username, "note": ack.note,
                     "now": ack.at})
    return ack


def acknowledgements(db: Path) -> dict[int, list[Ack]]:
    """Every acknowledgement by alert, the latest first."""
    with store(db) as con:
        return _acknowledgements(con)


def _acknowledgements(con: duckdb.DuckDBPyConnection) -> dict[int, list[Ack]]:
    found: dict[int, list[Ack]] = {}
    for alert_id, username, note, at in con.execute(named_sql("alerts_acks_all")).fetchall():
        found.setdefault(alert_id, []).append(Ack(alert_id, username, note, at))
    return found


def new_feed_token(db: Path, username: str) -> str:
    """A new feed token for ``username`` (their previous ones revoked); only its hash is
    kept, so this is the one time it is shown."""
    token = secrets.token_urlsafe(24)
    with store(db) as con:
        con.execute(named_sql("alerts_token_revoke"), {"username": username, "now": _now()})
        con.execute(named_sql("alerts_token_insert"),
                    {"token_hash": _digest(token), "username": username, "now": _now()})
    return token


def revoke_feed_tokens(db: Path, username: str) -> int:
    """Revoke ``username``'s feed tokens; how many were live."""
    with store(db) as con:
        return len(con.execute(named_sql("alerts_token_revoke"),
                               {"username": username, "now": _now()}).fetchall())


def feed_owner(db: Path, token: str) -> str | None:
    """Whose live feed token ``token`` is (None: unknown or revoked)."""
    if not token or len(token) > 100:
        return None
    with store(db) as con:
        row = con.execute(named_sql("alerts_token_owner"),
                          {"token_hash": _digest(token)}).fetchone()
    return None if row is None else row[0]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def sent_before(db: Path, username: str) -> tuple[set[str], set[int]]:
    """The digest periods ``username`` was sent, and the alerts that reached them."""
    with store(db) as con:
        periods = {row[0] for row in con.execute(named_sql("alerts_digest_periods"),
                                                 {"username": username}).fetchall()}
        alerts = {row[0] for row in con.execute(named_sql("alerts_delivered"),
                                                {"username": username}).fetchall()}
    return periods, alerts


def record_digest(db: Path, username: str, period: str, recipient: str, subject: str,
                  alert_ids: list[int]) -> None:
    """Record a digest sent to ``username`` for ``period`` with these alerts, at once."""
    with store(db) as con, transaction(con):
        con.execute(named_sql("alerts_digest_insert"),
                    {"username": username, "period": period, "now": _now(),
                     "recipient": recipient, "subject": subject})
        for alert_id in alert_ids:
            con.execute(named_sql("alerts_delivery_insert"),
                        {"username": username, "alert_id": alert_id, "period": period})
