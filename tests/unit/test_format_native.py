"""Our native incidents CSV parsed into incident fields."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from queries.errors import ImportFileError
from queries.importing.fields import RowProblems
from queries.importing.native import COLUMNS, NATIVE
from queries.importing.reader import CsvFile
from queries.vocabulary import categories


def write(tmp_path, rows, columns=COLUMNS, name="incidents.csv"):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    path = tmp_path / name
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    return path


def parse(path):
    f = CsvFile(path)
    header = NATIVE.header(f.first_records(), path)
    (chunk,) = list(f.chunks(header))
    problems = RowProblems(len(chunk))
    return header, NATIVE.parse(chunk, problems), problems


FULL = {"source": "monitor_ngo", "source_id": "2024-017", "event_date": "2024-04-02",
        "event_date_end": "2024-04-03", "date_precision": "2", "iso3": "mli",
        "location": "Bamako", "admin1_name": "Bamako", "latitude": "12.64",
        "longitude": "-8.0", "geo_precision": "1", "category": "Arbitrary_Detention",
        "source_type": "mass arrest", "source_sub_type": "students", "perpetrator": "Police",
        "target": "Students", "fatalities": "2", "civilian_fatalities": "2",
        "description": "Invented event.", "sensitivity": "restricted"}


def test_every_column_maps_onto_its_field(tmp_path):
    _, out, problems = parse(write(tmp_path, [FULL]))
    assert not problems.rejected().any()
    got = {k: v[0] for k, v in out.items() if k not in ("event_date", "event_date_end")}
    assert got == {
        "source": "monitor_ngo", "source_id": "2024-017", "date_precision": 2.0,
        "iso3": "MLI", "location": "Bamako", "lat": 12.64, "lon": -8.0, "geo_precision": 1.0,
        "category": "arbitrary_detention", "source_type": "mass arrest",
        "source_sub_type": "students", "perpetrator": "Police", "target": "Students",
        "fatalities": 2.0, "civilian_fatalities": 2.0, "description": "Invented event.",
        "sensitivity": "restricted"}
    assert (str(out["event_date"][0]), str(out["event_date_end"][0])) == \
        ("2024-04-02", "2024-04-03")


def test_only_the_required_columns_take_the_defaults(tmp_path):
    columns = ("category", "longitude", "latitude", "event_date", "source_id")
    row = {"source_id": "a", "event_date": "2024-01-31", "latitude": "50.45",
           "longitude": "30.52", "category": "armed_conflict"}
    header, out, problems = parse(write(tmp_path, [row], columns=columns))
    assert not problems.rejected().any() and header.notes == ()
    assert (out["source"][0], out["sensitivity"][0], out["iso3"][0]) == ("csv", "public", None)
    assert out["location"][0] is None and np.isnan(out["fatalities"][0])


def test_admin1_name_stands_in_for_an_empty_location(tmp_path):
    _, out, _ = parse(write(tmp_path, [dict(FULL, location="", admin1_name="Kayes")]))
    assert out["location"][0] == "Kayes"


def test_bad_values_reject_the_row_naming_the_column(tmp_path):
    rows = [
        dict(FULL, category="genocide"),
        dict(FULL, source="My NGO"),
        dict(FULL, civilian_fatalities="3"),
        dict(FULL, date_precision="6"),
        dict(FULL, geo_precision="8"),
        dict(FULL, iso3="XXX"),
        dict(FULL, sensitivity="secret"),
        dict(FULL, event_date="02/04/2024"),
        dict(FULL, event_date_end="2024-04-01"),
        dict(FULL, latitude="north"),
        dict(FULL, source_id=""),
        FULL,
    ]
    _, _, problems = parse(write(tmp_path, rows))
    assert problems.rejected().tolist() == [True] * 11 + [False]
    assert problems.reasons(np.arange(11)) == [
        [f"category: expected one of {', '.join(categories())}, got 'genocide'"],
        ["source: expected a short lowercase name such as 'csv' or 'my_ngo' (a-z, 0-9, _; "
         "at most 32 characters), got 'My NGO'"],
        ["civilian_fatalities: expected no more than fatalities, got '3'"],
        ["date_precision: expected a whole number from 1 to 5, got '6'"],
        ["geo_precision: expected a whole number from 1 to 7, got '8'"],
        ["iso3: expected an ISO 3166-1 alpha-3 country code, got 'XXX'"],
        ["sensitivity: expected one of public, restricted, got 'secret'"],
        ["event_date: expected a date as YYYY-MM-DD, got '02/04/2024'"],
        ["event_date_end: expected a date no earlier than event_date, got '2024-04-01'"],
        ["latitude: expected a number from -90 to 90, got 'north'"],
        ["source_id: expected the event's id in its source, got an empty value"],
    ]


def test_a_missing_required_column_is_named(tmp_path):
    path = write(tmp_path, [FULL], columns=[c for c in COLUMNS if c != "category"])
    with pytest.raises(ImportFileError, match="required column missing: category"):
        parse(path)
