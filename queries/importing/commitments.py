"""Member State commitments: party to the Genocide Convention or the Rome Statute, a
national R2P focal point, a national atrocity-prevention committee or mechanism.

Columns ``iso3, commitment, status`` (required), ``since, until`` (YYYY-MM-DD, may be
empty), ``source_url``, ``as_of`` and ``source`` (default ``user``). One row per country
and commitment: an imported row replaces the stored one (a reference row included).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from queries.capacity import COMMITMENT_STATUSES, COMMITMENTS
from queries.importing import fields as f
from queries.importing.keyed import KeyedFormat
from queries.importing.memberships import ordered_dates
from queries.importing.native import iso3_codes, source_names
from queries.importing.reader import Chunk, named_columns

REQUIRED = ("iso3", "commitment", "status")
COLUMNS = (*REQUIRED, "since", "until", "source_url", "as_of", "source")
DEFAULT_SOURCE = "user"

PARSED_FIELDS: dict[str, pa.DataType] = {
    "iso3": pa.string(),
    "commitment": pa.string(),
    "status": pa.string(),
    "since": pa.date32(),
    "until": pa.date32(),
    "source_url": pa.string(),
    "as_of": pa.date32(),
    "source": pa.string(),
}


_header = named_columns(REQUIRED, COLUMNS)


def _parse(chunk: Chunk, problems: f.RowProblems) -> dict[str, np.ndarray]:
    n = len(chunk)
    col = chunk.column
    days = {name: f.date(col(name), n, name, problems, required=False)
            for name in ("since", "until", "as_of")}
    ordered_dates(problems, days, "since", "until")
    return {
        "iso3": iso3_codes(col("iso3"), n, "iso3", problems, required=True),
        "commitment": f.choice(col("commitment"), n, "commitment", problems, COMMITMENTS),
        "status": f.choice(col("status"), n, "status", problems, COMMITMENT_STATUSES),
        **days,
        "source_url": f.text_or_none(col("source_url"), n),
        "source": source_names(col("source"), n, "source", problems, DEFAULT_SOURCE),
    }


def _repeat_reason(row: dict) -> str:
    return ("commitment: expected one row per iso3 and commitment, got another for "
            f"{row['iso3']}, {row['commitment']}")


COMMITMENTS_FORMAT = KeyedFormat(name="commitments", header=_header, parse=_parse,
                                 fields=PARSED_FIELDS, key=("iso3", "commitment"),
                                 merge="commitments_merge",
                                 repeated="a commitment", repeat_reason=_repeat_reason)
