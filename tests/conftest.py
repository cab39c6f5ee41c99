"""Shared fixtures: paths to real data, and fresh warehouses in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
UCDP_SAMPLE = SHARED_DATA / "ucdp_ged_23_1_CAF.csv"


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
    from queries.schema import connect_writer

    con = connect_writer(db_path)
    yield con
    con.close()
