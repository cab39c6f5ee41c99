"""Shared fixtures: paths to real data, and fresh warehouses in tmp_path."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import dash
import pytest

from queries.db import connect_writer

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
UCDP_SAMPLE = SHARED_DATA / "ucdp_ged_23_1_CAF.csv"


def page_module(app: dash.Dash, name: str) -> ModuleType:
    """The page module ``dashboard.pages.<name>`` of ``app``: a page can be imported only
    once an app with pages exists (``dash.register_page`` needs one)."""
    if not app.use_pages:
        raise ValueError("page modules belong to an app created with use_pages=True")
    return importlib.import_module(f"dashboard.pages.{name}")


@pytest.fixture
def ucdp_sample() -> Path:
    """The real UCDP GED 23.1 sample for the Central African Republic (1,848 events)."""
    if not UCDP_SAMPLE.exists():
        pytest.fail(f"the shared UCDP sample is missing: {UCDP_SAMPLE}")
    return UCDP_SAMPLE


@pytest.fixture
def db_path(tmp_path) -> Path:
    """Where a test's warehouse lives."""
    return tmp_path / "warehouse.duckdb"


@pytest.fixture
def writer(db_path):
    """A read-write connection to a fresh warehouse with the schema applied."""
    con = connect_writer(db_path)
    yield con
    con.close()
