"""Named SQL and what runs it on one connection: the text of ``queries/sql/<name>.sql``,
an allow-listed ``ORDER BY``, a transaction, Arrow rows bound by name, the admin-1 rows.
Below both the read side (:mod:`queries.db`) and the write side (:mod:`queries.schema`,
:mod:`queries.versions`), so neither imports the other to share them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

SQL_DIR = Path(__file__).parent / "sql"
_QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_INCLUDE = re.compile(r"@([a-z][a-z0-9_]*)")


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back if anything in it fails
    (an interrupt included), so a failed write leaves nothing behind."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def replace_admin1(con: duckdb.DuckDBPyConnection, regions, boundary_source: str,
                   iso3: str | None = None) -> None:
    """Replace the admin-1 reference rows (of one country when ``iso3`` is given)."""
    frame = pd.DataFrame({
        "admin1_code": regions["admin1_code"].astype(str),
        "iso3": regions["iso3"].astype(str),
        "name": regions["name"].astype(str),
        "iso_3166_2": regions.get("iso_3166_2"),
        "hasc": regions.get("hasc"),
    })
    frame["boundary_source"] = boundary_source
    if iso3 is None:
        con.execute("DELETE FROM admin1")
    else:
        con.execute("DELETE FROM admin1 WHERE iso3 = ?", [iso3])
    con.register("_admin1", frame)
    con.execute("INSERT INTO admin1 SELECT * FROM _admin1")
    con.unregister("_admin1")


def lock_message(path: Path, exc: Exception) -> str:
    """Why the warehouse file at ``path`` cannot be opened, in words."""
    if "lock" in str(exc).lower():
        return (f"{path}: the warehouse is open in another process (is the app running?); "
                "stop it and try again")
    return f"{path}: cannot open the warehouse ({exc})"


@cache
def named_sql(name: str) -> str:
    """The text of ``queries/sql/<name>.sql``; ``name`` must be a plain identifier.

    ``@other_name`` inside it is replaced by the text of ``other_name.sql`` when that file
    exists (e.g. ``@filtered_incidents``, the one definition of the dashboard's filters).
    """
    if not _QUERY_NAME.match(name):
        raise ValueError(f"not a query name: {name!r}")
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return _INCLUDE.sub(_included, text)


def _included(match: re.Match) -> str:
    name = match.group(1)
    return named_sql(name) if (SQL_DIR / f"{name}.sql").exists() else match.group(0)


def ordered(sql: str, column: str, descending: bool) -> str:
    """``sql`` with ``@order_by`` replaced by one column and a direction.

    The caller allow-lists ``column``; this checks again that it is a plain identifier.
    """
    if not _QUERY_NAME.match(column):
        raise ValueError(f"not a column name: {column!r}")
    direction = "DESC" if descending else "ASC"
    return sql.replace("@order_by", f'"{column}" {direction} NULLS LAST')


def execute_with_rows(con: duckdb.DuckDBPyConnection, sql: str, rows: pa.Table,
                      params: dict | None = None) -> None:
    """Run ``sql``, which reads the Arrow table ``rows`` under the name ``_rows``.

    DuckDB finds ``_rows`` by its variable name (a replacement scan). Unlike
    ``con.register``, that does not keep every chunk's memory alive until the
    transaction commits, so large imports stay within a bounded footprint.
    """
    _rows = rows  # noqa: F841 (read by name in the query)
    con.execute(sql, params)
