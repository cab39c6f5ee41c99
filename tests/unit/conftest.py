"""Unit tests test pure functions: none may open DuckDB (a test that needs a warehouse file
belongs in tests/integration)."""

from __future__ import annotations

import duckdb
import pytest


@pytest.fixture(autouse=True)
def no_duckdb(monkeypatch):
    """Make opening DuckDB fail the unit test that tries it."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("a unit test opened DuckDB: move it to tests/integration")

    monkeypatch.setattr(duckdb, "connect", refuse)
