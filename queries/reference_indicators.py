"""Real structural indicators shipped with the app, loaded into every warehouse.

``queries/reference/indicators.parquet`` (iso3, indicator_code, year, value, source) and
``indicator_catalog.csv`` are built by ``python -m queries.reference.build_indicators``
from the Early Warning Project's 2025 replication data and the Political Terror Scale
(sources, licences and citations in ``queries/reference/PROVENANCE.md``). They are loaded by
:func:`load_reference_indicators` when the schema's 006 migration runs and again by every
demo build: values with ``source = 'reference'`` and no batch, catalogue rows with
``reference = true``. Rows a user imported are never touched; the ``indicator_values`` view
prefers them for their country-years. A place is *scored* (ranked anywhere) only when the
warehouse holds a population figure for it: the ``scored_places`` view.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from queries.statements import execute_with_rows, named_sql

REFERENCE_DIR = Path(__file__).parent / "reference"
VALUES_FILE = REFERENCE_DIR / "indicators.parquet"
CATALOG_FILE = REFERENCE_DIR / "indicator_catalog.csv"
ONSET = "ewp_mass_killing_onset"


def load_reference_indicators(con: duckdb.DuckDBPyConnection) -> int:
    """(Re)load the shipped catalogue and values; returns the values loaded. Other
    sources' rows stay."""
    catalog = pacsv.read_csv(CATALOG_FILE, convert_options=pacsv.ConvertOptions(
        strings_can_be_null=True))
    execute_with_rows(con, named_sql("reference_catalog_load"), catalog)
    values = pq.read_table(VALUES_FILE, columns=["iso3", "indicator_code", "year", "value"])
    execute_with_rows(con, named_sql("reference_indicators_load"), values)
    return values.num_rows
