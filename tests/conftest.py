"""Shared fixtures: paths to real data, and new warehouses in tmp_path.

A new warehouse is a copy of one prepared once per session (``empty_warehouse``: the schema
and the reference data; ``caf_warehouse``: that plus the real UCDP sample imported):
applying the schema takes 0.3-0.7 s, importing the sample a few seconds, a copy 0.04 s.
``new_writer(path)`` opens such a copy read-write; ``writer`` is one at ``db_path``."""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import dash
import duckdb
import pytest

from queries.importing.registry import import_file
from queries.schema import connect_writer

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
UCDP_SAMPLE = SHARED_DATA / "ucdp_ged_23_1_CAF.csv"


def page_module(app: dash.Dash, name: str) -> ModuleType:
    """The page module ``dashboard.pages.<name>`` of ``app``: a page can be imported only
    once an app with pages exists (``dash.register_page`` needs one)."""
    if not app.use_pages:
        raise ValueError("page modules belong to an app created with use_pages=True")
    return importlib.import_module(f"dashboard.pages.{name}")


def copy_warehouse(prepared: Path, path: Path) -> Path:
    """``path``, a new copy of the closed warehouse file ``prepared``."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path}: a new warehouse would overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(prepared, path)
    return path


@pytest.fixture
def ucdp_sample() -> Path:
    """The real UCDP GED 23.1 sample for the Central African Republic (1,848 events)."""
    if not UCDP_SAMPLE.exists():
        pytest.fail(f"the shared UCDP sample is missing: {UCDP_SAMPLE}")
    return UCDP_SAMPLE


@pytest.fixture(scope="session")
def empty_warehouse(tmp_path_factory) -> Path:
    """A closed warehouse file with the schema and the reference data, built once; copy it
    (``new_writer``, ``copy_warehouse``), never write to it."""
    path = tmp_path_factory.mktemp("prepared") / "empty.duckdb"
    connect_writer(path).close()
    return path


@pytest.fixture(scope="session")
def caf_warehouse(empty_warehouse, tmp_path_factory) -> Path:
    """A closed warehouse file holding the real UCDP CAF sample (no analytics), built once;
    copy it, never write to it."""
    if not UCDP_SAMPLE.exists():
        pytest.fail(f"the shared UCDP sample is missing: {UCDP_SAMPLE}")
    path = copy_warehouse(empty_warehouse, tmp_path_factory.mktemp("prepared") / "caf.duckdb")
    con = connect_writer(path)
    try:
        import_file(con, "ucdp", UCDP_SAMPLE)
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def new_writer(empty_warehouse) -> Callable[[Path], duckdb.DuckDBPyConnection]:
    """``new_writer(path)``: a read-write connection to a new warehouse at ``path`` (a copy
    of ``empty_warehouse``); the caller closes it."""

    def open_new(path: Path) -> duckdb.DuckDBPyConnection:
        return connect_writer(copy_warehouse(empty_warehouse, path))

    return open_new


@pytest.fixture
def db_path(tmp_path) -> Path:
    """Where a test's warehouse lives."""
    return tmp_path / "warehouse.duckdb"


@pytest.fixture
def writer(db_path, new_writer):
    """A read-write connection to a new warehouse with the schema applied."""
    con = new_writer(db_path)
    yield con
    con.close()
