"""Regional-organisation memberships with dates: who joined, left or was suspended when.

Columns ``org_code, iso3`` (required), ``joined_on, left_on, suspended_from, suspended_to``
(YYYY-MM-DD, each may be empty), ``date_precision`` (``day``, the default, or ``year``: a
date of the row is known only to its year), ``source_url``, ``as_of`` and ``source``
(default ``user``). A membership is keyed by (org_code, iso3, joined_on, suspended_from): a file
that gives a reference row's key with a ``left_on`` or ``suspended_to`` corrects it; a
second suspension of the same membership is a row of its own. ``org_code`` must be one of
the organisations in ``queries/reference/regional_orgs.csv``.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from queries.capacity import DATE_PRECISIONS, reference_table
from queries.importing import fields as f
from queries.importing.keyed import KeyedFormat
from queries.importing.native import iso3_codes, source_names
from queries.importing.reader import Chunk, named_columns

REQUIRED = ("org_code", "iso3")
COLUMNS = (*REQUIRED, "joined_on", "left_on", "suspended_from", "suspended_to",
           "date_precision", "source_url", "as_of", "source")
DEFAULT_SOURCE = "user"

PARSED_FIELDS: dict[str, pa.DataType] = {
    "org_code": pa.string(),
    "iso3": pa.string(),
    "joined_on": pa.date32(),
    "left_on": pa.date32(),
    "suspended_from": pa.date32(),
    "suspended_to": pa.date32(),
    "date_precision": pa.string(),
    "source_url": pa.string(),
    "as_of": pa.date32(),
    "source": pa.string(),
}


def org_codes() -> tuple[str, ...]:
    """The organisations a membership may name (the shipped reference list)."""
    return tuple(reference_table("regional_orgs").column("org_code").to_pylist())


_header = named_columns(REQUIRED, COLUMNS)


def _parse(chunk: Chunk, problems: f.RowProblems) -> dict[str, np.ndarray]:
    n = len(chunk)
    col = chunk.column
    org = _org_codes(col("org_code"), n, problems)
    days = {name: f.date(col(name), n, name, problems, required=False)
            for name in ("joined_on", "left_on", "suspended_from", "suspended_to", "as_of")}
    ordered_dates(problems, days, "joined_on", "left_on")
    ordered_dates(problems, days, "suspended_from", "suspended_to")
    problems.flag(np.isnat(days["suspended_from"]) & ~np.isnat(days["suspended_to"]),
                  "suspended_from", "a date when suspended_to is given")
    return {
        "org_code": org,
        "iso3": iso3_codes(col("iso3"), n, "iso3", problems, required=True),
        **{name: days[name] for name in ("joined_on", "left_on", "suspended_from",
                                         "suspended_to", "as_of")},
        "date_precision": f.choice(col("date_precision"), n, "date_precision", problems,
                                   DATE_PRECISIONS, default="day"),
        "source_url": f.text_or_none(col("source_url"), n),
        "source": source_names(col("source"), n, "source", problems, DEFAULT_SOURCE),
    }


def _org_codes(values, n: int, problems: f.RowProblems) -> np.ndarray:
    """Organisation codes, upper-cased; anything not a known organisation is flagged."""
    codes = np.array([v.upper() for v in f.stripped(values, n)], dtype=object)
    known = org_codes()
    problems.flag(~np.isin(codes, known), "org_code",
                  "an organisation code: one of " + ", ".join(known), codes)
    return codes


def ordered_dates(problems: f.RowProblems, days: dict[str, np.ndarray], first: str,
                  then: str, same_day: bool = False, label: str | None = None) -> None:
    """Flag rows where both dates are given and ``then`` is not after ``first`` (or is
    before it, when ``same_day`` is allowed); the problem names ``label`` or ``then``."""
    a, b = days[first], days[then]
    both = ~np.isnat(a) & ~np.isnat(b)
    bad = np.zeros(len(a), dtype=bool)
    bad[both] = (b[both] < a[both]) if same_day else (b[both] <= a[both])
    expected = f"a date on or after {first}" if same_day else f"a date after {first}"
    problems.flag(bad, label or then, expected, b.astype(str).astype(object))


def _repeat_reason(row: dict) -> str:
    joined = row["joined_on"] or "(no joined_on)"
    suspended = row["suspended_from"] or "(no suspended_from)"
    return ("org_code: expected one row per org_code, iso3, joined_on and suspended_from, "
            f"got another for {row['org_code']}, {row['iso3']}, {joined}, {suspended}")


MEMBERSHIPS = KeyedFormat(name="memberships", header=_header, parse=_parse,
                          fields=PARSED_FIELDS,
                          key=("org_code", "iso3", "joined_on", "suspended_from"),
                          merge="memberships_merge",
                          repeated="a membership", repeat_reason=_repeat_reason)
