"""The people who may sign in: names, roles and scrypt password hashes, kept in the sidecar
file next to the warehouse (see :mod:`queries.audit` for why there)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from queries.access import check_role
from queries.audit import sidecar
from queries.statements import named_sql

# scrypt with N=2**15, r=8, p=1 (32 MiB, ~0.1 s here): OWASP's minimum is N=2**17 with r=8
# for new systems at p=1 (128 MiB); we pick a lower N so a 2-core server stays responsive.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 15, 8, 1
MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


@dataclass(frozen=True)
class User:
    """One account; the password hash never leaves this module."""

    username: str
    role: str
    created_at: datetime
    updated_at: datetime


def check_username(name: str) -> str:
    """``name`` when it is 1-64 letters, digits or ``_.@-``, else ``ValueError``."""
    if not _USERNAME.match(name or ""):
        raise ValueError(f"user name {name[:64]!r}: use 1-64 letters, digits or _ . @ -")
    return name


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` of ``password`` (salt and hash base64)."""
    salt = salt or secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P),
                     base64.b64encode(salt).decode(), base64.b64encode(digest).decode()])


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches the ``stored`` hash (compared in constant time)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * 1024 * 1024, dklen=32)


_DUMMY_HASH = None


def _dummy_hash() -> str:
    """A hash to check unknown names against, so their answer takes as long as a real one."""
    global _DUMMY_HASH  # computed once: ~0.1 s of scrypt, not at import time
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_hex(16))
    return _DUMMY_HASH


def add_user(db: Path, username: str, role: str, password: str) -> User:
    """Create an account; ``ValueError`` when the name is taken or the password too short."""
    check_username(username)
    check_role(role)
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"the password must have at least {MIN_PASSWORD} characters")
    now = _now()
    with sidecar(db) as con:
        try:
            con.execute(named_sql("user_insert"), {"username": username, "role": role,
                                                   "password_hash": hash_password(password),
                                                   "now": now})
        except duckdb.ConstraintException as exc:
            raise ValueError(f"there is already a user called {username!r}") from exc
    return User(username, role, now, now)


def list_users(db: Path) -> list[User]:
    """Every account, by name."""
    with sidecar(db) as con:
        rows = con.execute(named_sql("users_all")).fetchall()
    return [User(name, role, created, updated) for name, role, _, created, updated in rows]


def get_user(db: Path, username: str) -> User | None:
    """The account called ``username``, or None."""
    row = _row(db, username)
    return None if row is None else User(row[0], row[1], row[3], row[4])


def authenticate(db: Path, username: str, password: str) -> User | None:
    """The account when ``password`` is its password, else None (unknown names take as
    long to refuse as known ones)."""
    row = _row(db, username) if _USERNAME.match(username or "") else None
    if row is None:
        verify_password(password, _dummy_hash())
        return None
    return User(row[0], row[1], row[3], row[4]) if verify_password(password, row[2]) else None


def remove_user(db: Path, username: str) -> None:
    """Delete an account; ``ValueError`` when there is none by that name."""
    with sidecar(db) as con:
        gone = con.execute(named_sql("user_delete"), {"username": username}).fetchall()
    if not gone:
        raise ValueError(f"there is no user called {username[:64]!r}")


def set_role(db: Path, username: str, role: str) -> None:
    """Change an account's role; ``ValueError`` for an unknown user or role."""
    check_role(role)
    with sidecar(db) as con:
        changed = con.execute(named_sql("user_set_role"),
                              {"username": username, "role": role, "now": _now()}).fetchall()
    if not changed:
        raise ValueError(f"there is no user called {username[:64]!r}")


def _row(db: Path, username: str):
    with sidecar(db) as con:
        return con.execute(named_sql("user_get"), {"username": username}).fetchone()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
