"""Every named SQL file is used: its name appears, quoted or as an ``@include``, in the code
or in another SQL file (a name built at run time would leave it unfound)."""

from __future__ import annotations

import re

from tests.conftest import ROOT

SQL_DIR = ROOT / "queries" / "sql"
SOURCES = [
    *(ROOT / "queries").rglob("*.py"),
    *(ROOT / "dashboard").rglob("*.py"),
    *(ROOT / "cli").rglob("*.py"),
    *(ROOT / "benchmarks").rglob("*.py"),
    *(ROOT / "tests").rglob("*.py"),
    ROOT / "app.py",
]


def referenced_names() -> set[str]:
    """Names quoted in the code, and ``@name`` in the SQL files."""
    names = set()
    for path in SOURCES:
        names |= set(re.findall(r"[\"']([a-z][a-z0-9_]*)[\"']", path.read_text("utf-8")))
    for path in SQL_DIR.glob("*.sql"):
        names |= set(re.findall(r"@([a-z][a-z0-9_]*)", path.read_text("utf-8")))
    return names


def test_every_named_sql_file_is_referenced_by_its_name():
    files = {path.stem for path in SQL_DIR.glob("*.sql")}
    assert files, SQL_DIR
    assert sorted(files - referenced_names()) == []
