"""Training activity: one row per training event, from our CSV or from HXL-tagged CSV.

The format is detected from the file: a row of hashtags (``#date+start``, ...) in the
first records makes it HXL, otherwise the first record names our columns. Both give the
same fields; a problem names the column as the file spells it (``#reached`` or
``participants``). A training is keyed by ``<source>:<training_id>``; a file without ids
gets one per row from a hash of its date, title, country, venue and organisation, the
same every time the same row is read.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from queries.capacity import AUDIENCES
from queries.importing import fields as f
from queries.importing.hxl import find_hashtag_row, ids_or_hashes, tagged_header
from queries.importing.keyed import KeyedFormat
from queries.importing.memberships import ordered_dates
from queries.importing.native import iso3_codes, source_names
from queries.importing.reader import Chunk, Header, find_header

REQUIRED = ("start_date", "title", "audience")
COLUMNS = ("training_id", "start_date", "end_date", "title", "host_iso3", "venue", "lat",
           "lon", "audience", "organisation", "topic", "participants", "participants_women",
           "delivered_by", "partner", "source")
DEFAULT_SOURCE = "user"
ID_FIELDS = ("start_date", "title", "host_iso3", "venue", "organisation")

# Our fields and the HXL tags that fill them, preferred first: (hashtag, attributes needed).
TAGS: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    "training_id": (("activity", frozenset({"id"})), ("activity", frozenset({"code"}))),
    "start_date": (("date", frozenset({"start"})),),
    "end_date": (("date", frozenset({"end"})),),
    "title": (("activity", frozenset({"name"})), ("activity", frozenset())),
    "host_iso3": (("country", frozenset({"code"})),),
    "venue": (("loc", frozenset({"name"})),),
    "lat": (("geo", frozenset({"lat"})),),
    "lon": (("geo", frozenset({"lon"})),),
    "audience": (("org", frozenset({"type"})), ("meta", frozenset({"audience"}))),
    "organisation": (("org", frozenset({"name"})), ("org", frozenset())),
    "topic": (("sector", frozenset()), ("activity", frozenset({"topic"}))),
    "participants": (("reached", frozenset()),),
    "participants_women": (("reached", frozenset({"f"})), ("reached", frozenset({"women"}))),
    "delivered_by": (("org", frozenset({"impl"})),),
    "partner": (("org", frozenset({"partner"})),),
    "source": (("meta", frozenset({"source"})),),
}
REQUIRED_TAGS = {"start_date": "#date+start", "title": "#activity+name",
                 "audience": "#org+type (the audience: " + ", ".join(AUDIENCES) + ")"}

PARSED_FIELDS: dict[str, pa.DataType] = {
    "training_id": pa.string(),
    "start_date": pa.date32(),
    "end_date": pa.date32(),
    "title": pa.string(),
    "host_iso3": pa.string(),
    "venue": pa.string(),
    "lat": pa.float64(),
    "lon": pa.float64(),
    "audience": pa.string(),
    "organisation": pa.string(),
    "topic": pa.string(),
    "participants": pa.int32(),
    "participants_women": pa.int32(),
    "delivered_by": pa.string(),
    "partner": pa.string(),
    "source": pa.string(),
}


def _header(records: list[list[str]], path: Path) -> Header:
    """HXL when a hashtag row is there, our column names otherwise."""
    if find_hashtag_row(records) is not None:
        return tagged_header(records, path, TAGS, REQUIRED_TAGS)
    return find_header(records, path, REQUIRED, COLUMNS, normalise=lambda v: v.strip().lower())


def _parse(chunk: Chunk, problems: f.RowProblems) -> dict[str, np.ndarray]:
    n = len(chunk)
    col = chunk.column

    def name(field: str) -> str:
        i = chunk.header.index(field)
        return chunk.header.raw_names[i] if i is not None and chunk.header.raw_names else field

    days = {"start_date": f.date(col("start_date"), n, name("start_date"), problems,
                                 required=True, first_chars=10),
            "end_date": f.date(col("end_date"), n, name("end_date"), problems,
                               required=False, first_chars=10)}
    ordered_dates(problems, days, "start_date", "end_date", same_day=True,
                  label=name("end_date"))
    title = f.stripped(col("title"), n)
    problems.flag(title == "", name("title"), "the training's title", title)
    lat = f.number(col("lat"), n, name("lat"), problems, required=False, lo=-90, hi=90)
    lon = f.number(col("lon"), n, name("lon"), problems, required=False, lo=-180, hi=180)
    problems.flag((f.stripped(col("lat"), n) == "") != (f.stripped(col("lon"), n) == ""),
                  name("lat"), f"both coordinates ({name('lat')} and {name('lon')}) or neither")
    people = f.number(col("participants"), n, name("participants"), problems,
                      required=False, lo=0, integer=True)
    women = f.number(col("participants_women"), n, name("participants_women"), problems,
                     required=False, lo=0, integer=True)
    problems.flag(women > people, name("participants_women"),
                  f"no more than {name('participants')}", f.stripped(col("participants_women"), n))
    source = source_names(col("source"), n, name("source"), problems, DEFAULT_SOURCE)
    return {
        "training_id": _ids(chunk, n, source),
        **days,
        "title": np.where(title == "", None, title),
        "host_iso3": iso3_codes(col("host_iso3"), n, name("host_iso3"), problems),
        "venue": f.text_or_none(col("venue"), n),
        "lat": lat, "lon": lon,
        "audience": f.choice(col("audience"), n, name("audience"), problems, AUDIENCES),
        "organisation": f.text_or_none(col("organisation"), n),
        "topic": f.text_or_none(col("topic"), n),
        "participants": people, "participants_women": women,
        "delivered_by": f.text_or_none(col("delivered_by"), n),
        "partner": f.text_or_none(col("partner"), n),
        "source": source,
    }


def _ids(chunk: Chunk, n: int, source: np.ndarray) -> np.ndarray:
    """``<source>:<training_id>``; a row without an id gets ``h`` and a hash of its
    date, title, country, venue and organisation."""
    ids = ids_or_hashes(chunk, n, "training_id", ID_FIELDS)
    return np.array([f"{s}:{i}" for s, i in zip(source, ids, strict=True)], dtype=object)


def _repeat_reason(row: dict) -> str:
    return f"training_id: expected one row per training, got {row['training_id']} again"


TRAININGS = KeyedFormat(name="trainings", header=_header, parse=_parse, fields=PARSED_FIELDS,
                        key=("training_id",), merge="trainings_merge", repeated="a training_id",
                        repeat_reason=_repeat_reason)
