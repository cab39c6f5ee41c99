"""The import formats by name, and the one entry point that imports a file."""
from __future__ import annotations

from pathlib import Path

import duckdb

from queries.importing.acled import ACLED
from queries.importing.assessments import ASSESSMENTS
from queries.importing.batches import ImportSummary
from queries.importing.commitments import COMMITMENTS_FORMAT
from queries.importing.hxl import HXL
from queries.importing.incidents import IncidentFormat, import_incidents
from queries.importing.indicators import INDICATORS
from queries.importing.keyed import KeyedFormat, import_keyed
from queries.importing.memberships import MEMBERSHIPS
from queries.importing.native import NATIVE
from queries.importing.reader import CsvFile
from queries.importing.trainings import TRAININGS
from queries.importing.ucdp import UCDP

FORMATS: dict[str, IncidentFormat | KeyedFormat] = {
    "ucdp": UCDP,
    "acled": ACLED,
    "hxl": HXL,
    "incidents": NATIVE,
    "indicators": INDICATORS,
    "assessments": ASSESSMENTS,
    "memberships": MEMBERSHIPS,
    "commitments": COMMITMENTS_FORMAT,
    "trainings": TRAININGS,
}


def check_file(format_name: str, path: Path) -> None:
    """Raise ``ImportFileError`` when ``path`` cannot be imported as ``format_name`` (missing,
    unreadable, not CSV, a required column missing), before any warehouse is opened."""
    csv_file = CsvFile(Path(path))
    _format(format_name).header(csv_file.first_records(), csv_file.path)


def _format(format_name: str) -> IncidentFormat | KeyedFormat:
    try:
        return FORMATS[format_name]
    except KeyError:
        raise ValueError(f"unknown format {format_name!r}; expected one of "
                         f"{', '.join(sorted(FORMATS))}") from None


def import_file(con: duckdb.DuckDBPyConnection, format_name: str, path: Path,
                **options) -> ImportSummary:
    """Import ``path`` as ``format_name`` (a key of ``FORMATS``) in one transaction."""
    fmt = _format(format_name)
    if isinstance(fmt, KeyedFormat):
        return import_keyed(con, fmt, Path(path), **options)
    return import_incidents(con, fmt, Path(path), **options)
