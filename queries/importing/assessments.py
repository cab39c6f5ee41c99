"""Framework of Analysis assessments: analysts' judgements per country and risk factor.

Columns ``iso3, factor, judgement, assessed_on, analyst``, optionally ``evidence`` and
``source`` (default ``user``). ``factor`` is the risk factor's number (1..14);
``judgement`` is ``present``, ``absent`` or ``unknown``; ``assessed_on`` is YYYY-MM-DD.
An assessment is keyed by (iso3, factor, assessed_on, analyst): re-importing a revised
file updates the judgements or evidence that changed, and earlier assessments are kept,
so the history of a judgement stays readable.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from queries.importing import fields as f
from queries.importing.keyed import KeyedFormat
from queries.importing.native import iso3_codes, source_names
from queries.importing.reader import Chunk, named_columns

REQUIRED = ("iso3", "factor", "judgement", "assessed_on", "analyst")
COLUMNS = (*REQUIRED, "evidence", "source")
JUDGEMENTS = ("present", "absent", "unknown")
DEFAULT_SOURCE = "user"
MAX_TEXT = 4_000

PARSED_FIELDS: dict[str, pa.DataType] = {
    "iso3": pa.string(),
    "factor": pa.int8(),
    "judgement": pa.string(),
    "evidence": pa.string(),
    "assessed_on": pa.date32(),
    "analyst": pa.string(),
    "source": pa.string(),
}


_header = named_columns(REQUIRED, COLUMNS)


def _parse(chunk: Chunk, problems: f.RowProblems) -> dict[str, np.ndarray]:
    n = len(chunk)
    col = chunk.column
    factor = f.number(col("factor"), n, "factor", problems, required=True, lo=1, hi=14,
                      integer=True)
    return {
        "iso3": iso3_codes(col("iso3"), n, "iso3", problems, required=True),
        "factor": np.nan_to_num(factor).astype(np.int8),
        "judgement": f.choice(col("judgement"), n, "judgement", problems, JUDGEMENTS),
        "evidence": _bounded_text(col("evidence"), n, "evidence", problems),
        "assessed_on": f.date(col("assessed_on"), n, "assessed_on", problems, required=True),
        "analyst": _analyst(col("analyst"), n, problems),
        "source": source_names(col("source"), n, "source", problems, DEFAULT_SOURCE),
    }


def _analyst(values, n: int, problems: f.RowProblems) -> np.ndarray:
    names = f.stripped(values, n)
    problems.flag(names == "", "analyst", "the analyst's name", names)
    return _bounded_text(values, n, "analyst", problems)


def _bounded_text(values, n: int, column: str, problems: f.RowProblems) -> np.ndarray:
    """Stripped text, None where empty; longer than ``MAX_TEXT`` characters is flagged."""
    text = f.text_or_none(values, n)
    lengths = np.array([len(v) if v else 0 for v in text])
    problems.flag(lengths > MAX_TEXT, column, f"at most {MAX_TEXT:,} characters",
                  lengths.astype(object))
    return text


def _repeat_reason(row: dict) -> str:
    return ("factor: expected one assessment per iso3, factor, assessed_on and analyst, got "
            f"another for {row['iso3']}, factor {row['factor']}, {row['assessed_on']}, "
            f"{row['analyst']}")


ASSESSMENTS = KeyedFormat(name="assessments", header=_header, parse=_parse,
                          fields=PARSED_FIELDS, key=("iso3", "factor", "assessed_on", "analyst"),
                          merge="assessments_merge",
                          repeated="an assessment", repeat_reason=_repeat_reason)
