"""The warehouse's schema: the numbered files under ``queries/schema/``, applied once each
in order, and the loaders that fill a table when its file runs (:data:`SCHEMA_LOADERS`);
:func:`connect_writer` opens a warehouse read-write with the schema applied.

This module sits above :mod:`queries.db` and the modules that own reference data, so that
none of them imports another back."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import duckdb

from geodata import boundaries, reference
from queries import vocabulary
from queries.capacity import load_reference
from queries.errors import WarehouseError
from queries.forecast.store import load_forecast
from queries.reference_indicators import load_reference_indicators
from queries.statements import lock_message, named_sql, replace_admin1, transaction

SCHEMA_DIR = Path(__file__).parent / "schema"
# The capacity reference files (queries/reference/) load when the last schema file that
# changes their tables runs: 011 added org_memberships.date_precision, so a new warehouse
# loads them then (not at 005, whose table lacks the column) and an older one reloads them.
CAPACITY_REFERENCE_VERSION = 11
_SCHEMA_FILE = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def schema_files() -> list[tuple[int, Path]]:
    """The numbered schema files, in the order they apply."""
    found = []
    for path in SCHEMA_DIR.iterdir():
        match = _SCHEMA_FILE.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def _load_reference_data(con: duckdb.DuckDBPyConnection) -> None:
    """Countries, admin-1 regions and the category vocabulary, from the shipped files."""
    countries = reference.countries()[["iso3", "iso_n3", "name", "un_region", "un_subregion"]]
    con.register("_countries", countries)
    con.execute("INSERT INTO countries SELECT * FROM _countries")
    con.unregister("_countries")
    replace_admin1(con, boundaries.load_admin1(), boundary_source="natural_earth")
    con.executemany(
        "INSERT INTO incident_categories VALUES (?, ?, ?)",
        [[r["category"], r["label"], r["description"]] for r in vocabulary.category_rows()],
    )


def _store_restricted_id_salt(con: duckdb.DuckDBPyConnection) -> None:
    """The warehouse's own random salt for the ids of restricted incidents."""
    con.execute(
        named_sql("warehouse_secret_insert"),
        {"name": "restricted_id_salt", "value": secrets.token_hex(32)},
    )


# Schema version -> what fills its tables, run in the same transaction as the file.
SCHEMA_LOADERS: dict[int, Callable[[duckdb.DuckDBPyConnection], object]] = {
    1: _load_reference_data,
    6: load_reference_indicators,
    7: load_forecast,
    9: _store_restricted_id_salt,
    CAPACITY_REFERENCE_VERSION: load_reference,
}


def apply_schema(con: duckdb.DuckDBPyConnection) -> int:
    """Apply every schema file not applied yet, each in its own transaction with its
    loader (:data:`SCHEMA_LOADERS`).

    Idempotent: a file runs once, recorded in ``schema_version``. Returns the version.
    """
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    applied = {row[0] for row in con.execute("SELECT version FROM schema_version").fetchall()}
    for version, path in schema_files():
        if version in applied:
            continue
        with transaction(con):
            con.execute(path.read_text(encoding="utf-8"))
            if version in SCHEMA_LOADERS:
                SCHEMA_LOADERS[version](con)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, ?)", [version, path.name, datetime.now()]
            )
    return con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0]


def schema_pending(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a schema file has not been applied to this warehouse yet."""
    applied = {row[0] for row in con.execute(named_sql("schema_versions_applied")).fetchall()}
    return bool({version for version, _ in schema_files()} - applied)


def connect_writer(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-write connection with the schema applied; the caller closes it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as exc:
        raise WarehouseError(lock_message(path, exc)) from exc
    try:
        apply_schema(con)
    except Exception:
        con.close()
        raise
    return con
