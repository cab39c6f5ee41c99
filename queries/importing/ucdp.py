"""UCDP Georeferenced Event Dataset (GED) and GED Candidate CSV.

Columns may come in any order; Candidate releases without a header row are read in the
standard 49-column order. ``country_id`` is a Gleditsch-Ward code, not ISO. Licence CC BY
4.0: cite UCDP (Sundberg & Melander 2013; Davies, Pettersson & Öberg 2023).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geodata.reference import iso3_from_gwno
from queries.importing import fields as f
from queries.importing.incidents import IncidentFormat
from queries.importing.reader import Chunk, Header, find_header
from queries.vocabulary import map_categories

COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence",
    "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id",
    "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id",
    "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
    "best", "high", "low", "gwnoa", "gwnob",
)
REQUIRED = ("id", "type_of_violence", "latitude", "longitude", "date_start", "best")
VIOLENCE_TYPES = {"1": "state-based", "2": "non-state", "3": "one-sided"}


def _header(records: list[list[str]], path: Path) -> Header:
    return find_header(records, path, REQUIRED, COLUMNS,
                       normalise=lambda v: v.strip().lower(), headerless=COLUMNS)


def _parse(chunk: Chunk, problems: f.RowProblems) -> dict[str, np.ndarray | pa.Array]:
    n = len(chunk)
    col = chunk.text
    ids = f.text(col("id"), n)
    problems.flag(f.is_empty(ids), "id", "the UCDP event id")
    violence = f.text(col("type_of_violence"), n)
    kind = pc.index_in(violence, value_set=_VIOLENCE_CODES)  # null: not 1, 2 or 3
    problems.flag(pc.is_null(kind), "type_of_violence", "1, 2 or 3", violence)
    kind = pc.fill_null(kind, len(VIOLENCE_TYPES))  # the position of None below
    best = f.number(col("best"), n, "best", problems, required=True, lo=0, integer=True)
    civilians = f.number(col("deaths_civilians"), n, "deaths_civilians", problems,
                         required=False, lo=0, integer=True)
    return {
        "source": pa.repeat(pa.scalar("ucdp", pa.string()), n),
        "source_id": ids,
        "event_date": f.date(col("date_start"), n, "date_start", problems, required=True,
                             first_chars=10),
        "event_date_end": f.date(col("date_end"), n, "date_end", problems, required=False,
                                 first_chars=10),
        "date_precision": f.number(col("date_prec"), n, "date_prec", problems,
                                   required=False, lo=1, hi=5, integer=True),
        "iso3": _iso3(f.text(col("country_id"), n)),
        "location": f.text_or_null(col("where_coordinates"), n),
        "lat": f.number(col("latitude"), n, "latitude", problems, required=True, lo=-90, hi=90),
        "lon": f.number(col("longitude"), n, "longitude", problems, required=True,
                        lo=-180, hi=180),
        "geo_precision": f.number(col("where_prec"), n, "where_prec", problems,
                                  required=False, lo=1, hi=7, integer=True),
        "category": _CATEGORIES.take(kind),
        "source_type": _VIOLENCE_NAMES.take(kind),
        "source_sub_type": f.text_or_null(col("conflict_name"), n),
        "perpetrator": f.free_text(col("side_a"), n),
        "target": f.free_text(col("side_b"), n),
        "fatalities": best,
        "civilian_fatalities": civilians,
        "description": f.free_text(col("source_headline"), n),
        "sensitivity": pa.repeat(pa.scalar("public", pa.string()), n),
    }


# type_of_violence codes, their names and categories, with None last for other values;
# mapped once here rather than per row.
_VIOLENCE_CODES = pa.array(list(VIOLENCE_TYPES), type=pa.string())
_VIOLENCE_NAMES = pa.array([*VIOLENCE_TYPES.values(), None], type=pa.string())
_CATEGORIES = pa.array(map_categories("ucdp", np.array([*VIOLENCE_TYPES.values(), None],
                                                       dtype=object)), type=pa.string())


def _iso3(country_id: pa.Array) -> np.ndarray:
    """ISO3 codes for the Gleditsch-Ward ``country_id``s (None where unknown), looked up
    once per distinct code."""
    codes = pc.dictionary_encode(country_id)
    mapped = np.asarray(iso3_from_gwno(codes.dictionary.to_numpy(zero_copy_only=False)),
                        dtype=object).reshape(-1)
    return mapped[codes.indices.to_numpy(zero_copy_only=False)]


UCDP = IncidentFormat(name="ucdp", header=_header, parse=_parse)
