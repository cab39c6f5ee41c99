"""HXL-tagged CSV (the Humanitarian Exchange Language, https://hxlstandard.org).

An HXL file has a row of hashtags (``#geo+lat``), usually under a row of human labels;
the hashtags, not the labels, say what a column holds. Tags match case-insensitively with
their attributes in any order (``#GEO +LAT`` is ``#geo+lat``), and a column may carry
more attributes than we ask for; when several columns match a field, the most specific
one wins (``#affected+killed+civilians`` is civilian deaths, not all deaths).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np

from queries.errors import ImportFileError
from queries.importing import fields as f
from queries.importing.incidents import IncidentFormat
from queries.importing.native import iso3_codes
from queries.importing.reader import Chunk, Header
from queries.vocabulary import map_categories

HASHTAG_ROW_WITHIN = 25

# Our fields and the tags that fill them, preferred first: (hashtag, attributes it needs).
TAGS: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    "source_id": (("event", frozenset({"id"})), ("event", frozenset({"code"}))),
    "event_date": (("date", frozenset({"occurred"})), ("date", frozenset())),
    "lat": (("geo", frozenset({"lat"})),),
    "lon": (("geo", frozenset({"lon"})),),
    "iso3": (("country", frozenset({"code"})),),
    "admin1_name": (("adm1", frozenset({"name"})),),
    "location": (("loc", frozenset({"name"})),),
    "event_type": (("event", frozenset({"type"})),),
    "event_sub_type": (("event", frozenset({"type", "sub"})),),
    "fatalities": (("affected", frozenset({"killed"})),),
    "civilian_fatalities": (("affected", frozenset({"killed", "civilians"})),),
    "perpetrator": (("actor", frozenset({"perpetrator"})), ("org", frozenset({"perpetrator"}))),
    "target": (("actor", frozenset({"target"})), ("affected", frozenset({"target"}))),
    "description": (("description", frozenset()), ("event", frozenset({"description"}))),
    "sensitivity": (("meta", frozenset({"sensitivity"})),),
}
REQUIRED = {"event_date": "#date+occurred", "lat": "#geo+lat", "lon": "#geo+lon"}
# The mapped values a row's id is made from when the file has no #event+id.
ID_FIELDS = ("event_date", "lat", "lon", "event_type", "fatalities", "description")

_TAG = re.compile(r"^#([a-z][a-z0-9_]*)((?:\+[a-z0-9_]+)*)$")


def parse_tag(cell: str) -> tuple[str, tuple[str, ...]] | None:
    """``'#GEO +Lat'`` -> ``('geo', ('lat',))``; None when the cell is not a hashtag."""
    match = _TAG.match("".join(cell.split()).lower())
    if not match:
        return None
    return match.group(1), tuple(a for a in match.group(2).split("+") if a)


def tag_text(tag: tuple[str, tuple[str, ...]]) -> str:
    """The normal spelling of a parsed tag: ``#geo+lat``."""
    return "#" + "+".join((tag[0], *tag[1]))


def find_hashtag_row(records: list[list[str]]) -> int | None:
    """The index of the first record where most non-empty cells start with ``#``."""
    for i, record in enumerate(records[:HASHTAG_ROW_WITHIN]):
        cells = [c.strip() for c in record if c.strip()]
        if cells and 2 * sum(c.startswith("#") for c in cells) > len(cells):
            return i
    return None


def _match(tag: tuple[str, tuple[str, ...]], tags: dict = TAGS
           ) -> tuple[str, tuple[int, int, int]] | None:
    """The field a tag fills best, with how well: more attributes matched, then a more
    preferred tag, then fewer attributes left over."""
    best = None
    for name, patterns in tags.items():
        for rank, (hashtag, needs) in enumerate(patterns):
            if hashtag == tag[0] and needs <= set(tag[1]):
                score = (-len(needs), rank, len(set(tag[1]) - needs))
                if best is None or score < best[1]:
                    best = (name, score)
    return best


def _header(records: list[list[str]], path: Path) -> Header:
    return tagged_header(records, path, TAGS, REQUIRED)


def tagged_header(records: list[list[str]], path: Path, fields: dict, required: dict
                  ) -> Header:
    """The header of an HXL file: each column named by the field of ``fields`` its hashtag
    fills best; the file is refused when a ``required`` field's tag is missing."""
    row = find_hashtag_row(records)
    if row is None:
        raise ImportFileError(
            f"{path}: no HXL hashtag row (a row of tags such as #date+occurred, #geo+lat) in "
            f"the first {HASHTAG_ROW_WITHIN} records")
    cells = records[row]
    labels = records[row - 1] if row else []
    tags = [parse_tag(c) for c in cells]
    chosen: dict[str, tuple[tuple[int, int, int], int]] = {}
    for i, tag in enumerate(tags):
        matched = tag and _match(tag, fields)
        if matched and (matched[0] not in chosen or matched[1] < chosen[matched[0]][0]):
            chosen[matched[0]] = (matched[1], i)
    missing = [tag for name, tag in required.items() if name not in chosen]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        found = [tag_text(t) for t in tags if t]
        raise ImportFileError(
            f"{path}: required HXL tag{plural} missing: {', '.join(missing)} "
            f"(found: {', '.join(found[:12])}{', ...' if len(found) > 12 else ''})")
    column_field = {i: name for name, (_, i) in chosen.items()}
    names = tuple(column_field.get(i) for i in range(len(cells)))
    raw_names = _raw_names(cells, labels, tags, column_field)
    ignored = [raw_names[i] for i in range(len(cells)) if i not in column_field]
    notes = (f"ignored {len(ignored)} column(s) this format does not use: "
             f"{', '.join(ignored[:10])}{', ...' if len(ignored) > 10 else ''}",) if ignored else ()
    return Header(names=names, data_start=row + 1, notes=notes, raw_names=raw_names)


def _raw_names(cells: list[str], labels: list[str], tags: list, used: dict[int, str]
               ) -> tuple[str, ...]:
    """A distinct name per column: its tag (the label, or its position, when untagged)."""
    def plain(i: int) -> str:
        if tags[i]:
            return tag_text(tags[i])
        label = labels[i].strip() if i < len(labels) else ""
        return label or cells[i].strip() or f"column_{i + 1}"

    names = {i: plain(i) for i in used}
    taken = set(names.values())
    for i in range(len(cells)):
        if i not in names:
            name = plain(i)
            names[i] = name if name not in taken else f"{name} (column {i + 1})"
            taken.add(names[i])
    return tuple(names[i] for i in range(len(cells)))


def _parse(chunk: Chunk, problems: f.RowProblems) -> dict[str, np.ndarray]:
    n = len(chunk)
    col = chunk.column
    header = chunk.header

    def tag(name: str) -> str:
        i = header.index(name)
        if i is not None:
            return header.raw_names[i]
        hashtag, needs = TAGS[name][0]
        return tag_text((hashtag, tuple(sorted(needs))))

    event_type = f.text_or_none(col("event_type"), n)
    sub_type = f.text_or_none(col("event_sub_type"), n)
    fatalities = f.number(col("fatalities"), n, tag("fatalities"), problems, required=False,
                          lo=0, integer=True)
    civilians = f.number(col("civilian_fatalities"), n, tag("civilian_fatalities"), problems,
                         required=False, lo=0, integer=True)
    problems.flag(civilians > fatalities, tag("civilian_fatalities"),
                  f"no more than {tag('fatalities')}", f.stripped(col("civilian_fatalities"), n))
    location = f.text_or_none(col("location"), n)
    admin1_name = f.text_or_none(col("admin1_name"), n)
    return {
        "source": np.full(n, "hxl", dtype=object),
        "source_id": ids_or_hashes(chunk, n, "source_id", ID_FIELDS),
        "event_date": f.date(col("event_date"), n, tag("event_date"), problems, required=True,
                             first_chars=10),
        "event_date_end": np.full(n, np.datetime64("NaT"), dtype="datetime64[D]"),
        "date_precision": np.full(n, np.nan),
        "iso3": iso3_codes(col("iso3"), n, tag("iso3"), problems),
        "location": np.where(location == None, admin1_name, location),  # noqa: E711
        "lat": f.number(col("lat"), n, tag("lat"), problems, required=True, lo=-90, hi=90),
        "lon": f.number(col("lon"), n, tag("lon"), problems, required=True, lo=-180, hi=180),
        "geo_precision": np.full(n, np.nan),
        "category": map_categories("hxl", event_type, sub_type),
        "source_type": event_type,
        "source_sub_type": sub_type,
        "perpetrator": f.free_text(col("perpetrator"), n),
        "target": f.free_text(col("target"), n),
        "fatalities": fatalities,
        "civilian_fatalities": civilians,
        "description": f.free_text(col("description"), n),
        "sensitivity": f.choice(col("sensitivity"), n, tag("sensitivity"), problems,
                                ("public", "restricted"), default="public"),
    }


def ids_or_hashes(chunk: Chunk, n: int, id_column: str,
                  fields: tuple[str, ...]) -> np.ndarray:
    """The ``id_column`` values where given; otherwise ``h`` and a hash of the row's
    ``fields``, the same every time the same row is read."""
    ids = f.stripped(chunk.column(id_column), n)
    missing = np.flatnonzero(ids == "")
    if len(missing):
        parts = [f.stripped(chunk.column(name), n)[missing] for name in fields]
        ids[missing] = ["h" + hashlib.sha1("|".join(values).encode("utf-8"),
                                           usedforsecurity=False).hexdigest()[:16]
                        for values in zip(*parts, strict=True)]
    return ids


HXL = IncidentFormat(name="hxl", header=_header, parse=_parse)
