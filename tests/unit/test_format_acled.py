"""ACLED export rows parsed into incident fields. Every row here is invented, in ACLED's
layout: ACLED's terms forbid redistributing their data."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from queries.errors import ImportFileError
from queries.importing.acled import ACLED, COLUMNS
from queries.importing.fields import RowProblems
from queries.importing.reader import CsvFile


def write(tmp_path, rows, columns=COLUMNS, name="acled.csv"):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def parse(path):
    """The header, the parsed fields and the problems of a one-chunk file."""
    f = CsvFile(path)
    header = ACLED.header(f.first_records(), path)
    (chunk,) = list(f.chunks(header))
    problems = RowProblems(len(chunk))
    return header, ACLED.parse(chunk, problems), problems


def event(**values):
    row = {"event_id_cnty": "CEN1001", "event_date": "2023-02-16", "year": "2023",
           "time_precision": "1", "disorder_type": "Political violence",
           "event_type": "Violence against civilians", "sub_event_type": "Attack",
           "actor1": "Armed group A", "inter1": "Rebel group", "actor2": "Civilians (CAR)",
           "inter2": "Civilians", "interaction": "Rebel group-Civilians",
           "civilian_targeting": "Civilian targeting", "iso": "140", "region": "Middle Africa",
           "country": "Central African Republic", "admin1": "Bangui", "location": "Bangui",
           "latitude": "4.3667", "longitude": "18.5833", "geo_precision": "2",
           "source": "Invented source", "source_scale": "National",
           "notes": "Invented event for a test.", "fatalities": "3", "tags": "",
           "timestamp": "1700000000"}
    row.update(values)
    return row


def test_a_current_export_row_maps_onto_every_field(tmp_path):
    _, out, problems = parse(write(tmp_path, [event()]))
    assert not problems.rejected().any()
    assert {k: (v[0].item() if isinstance(v[0], np.generic) else v[0])
            for k, v in out.items() if k not in ("event_date", "event_date_end")} == {
        "source": "acled", "source_id": "CEN1001", "date_precision": 1.0, "iso3": "CAF",
        "location": "Bangui", "lat": 4.3667, "lon": 18.5833, "geo_precision": 3.0,
        "category": "violence_against_civilians",
        "source_type": "Violence against civilians", "source_sub_type": "Attack",
        "perpetrator": "Armed group A", "target": "Civilians (CAR)", "fatalities": 3.0,
        "civilian_fatalities": 3.0, "description": "Invented event for a test.",
        "sensitivity": "public"}
    assert str(out["event_date"][0]) == "2023-02-16"
    assert np.isnat(out["event_date_end"][0])


def test_dates_precisions_countries_and_civilian_deaths(tmp_path):
    rows = [
        event(event_id_cnty="MLI1", event_date="16 May 2025", time_precision="3",
              geo_precision="3", event_type="Battles", sub_event_type="Armed clash",
              civilian_targeting="", iso="466", actor2="", fatalities="7"),
        event(event_id_cnty="AFG1", event_date="16-May-2025", time_precision="2",
              geo_precision="1", event_type="Explosions/Remote violence",
              sub_event_type="Air/drone strike", iso="4", fatalities="0"),
        event(event_id_cnty="CEN2", event_type="Violence against civilians",
              sub_event_type="Sexual violence", civilian_targeting="", iso="",
              fatalities="", time_precision="", geo_precision=""),
    ]
    _, out, problems = parse(write(tmp_path, rows))
    assert not problems.rejected().any()
    assert [str(d) for d in out["event_date"]] == ["2025-05-16", "2025-05-16", "2023-02-16"]
    assert out["date_precision"][:2].tolist() == [4.0, 2.0]
    assert out["geo_precision"][:2].tolist() == [4.0, 1.0]
    assert np.isnan(out["date_precision"][2]) and np.isnan(out["geo_precision"][2])
    assert out["iso3"].tolist() == ["MLI", "AFG", None]
    assert out["category"].tolist() == ["armed_conflict", "violence_against_civilians",
                                        "sexual_violence"]
    # Battles without civilian targeting: deaths are not counted as civilian deaths.
    assert out["fatalities"][0] == 7 and np.isnan(out["civilian_fatalities"][0])
    assert out["civilian_fatalities"][1] == 0
    # Violence against civilians with unknown deaths: both unknown.
    assert np.isnan(out["fatalities"][2]) and np.isnan(out["civilian_fatalities"][2])
    assert out["target"][0] is None


def test_an_older_export_with_iso3_and_numeric_actor_codes(tmp_path):
    columns = [c for c in COLUMNS if c != "iso"] + ["iso3"]
    row = event(event_id_cnty="UKR5", inter1="1", inter2="7", interaction="17",
                iso3="ukr", latitude="50.45", longitude="30.52")
    header, out, problems = parse(write(tmp_path, [row], columns=columns))
    assert not problems.rejected().any()
    assert header.notes == ()
    assert out["iso3"].tolist() == ["UKR"]


def test_iso3_wins_over_iso_when_both_are_given_and_known(tmp_path):
    columns = [*COLUMNS, "iso3"]
    rows = [event(iso="140", iso3="CAF"), event(event_id_cnty="X2", iso="466", iso3="???")]
    _, out, _ = parse(write(tmp_path, rows, columns=columns))
    assert out["iso3"].tolist() == ["CAF", "MLI"]


def test_bad_values_reject_the_row_naming_the_column(tmp_path):
    rows = [
        event(latitude="95"),
        event(event_date="2023-02-30"),
        event(fatalities="-1"),
        event(fatalities="two"),
        event(longitude=""),
        event(time_precision="4"),
        event(geo_precision="0"),
        event(event_id_cnty=" "),
        event(event_type=""),
        event(),
    ]
    _, _, problems = parse(write(tmp_path, rows))
    assert problems.rejected().tolist() == [True] * 9 + [False]
    assert problems.reasons(np.arange(9)) == [
        ["latitude: expected a number from -90 to 90, got '95'"],
        ["event_date: expected a date as YYYY-MM-DD or '16 May 2025' or '16-May-2025', "
         "got '2023-02-30'"],
        ["fatalities: expected a whole number of at least 0, got '-1'"],
        ["fatalities: expected a whole number of at least 0, got 'two'"],
        ["longitude: expected a number from -180 to 180, got an empty value"],
        ["time_precision: expected a whole number from 1 to 3, got '4'"],
        ["geo_precision: expected a whole number from 1 to 3, got '0'"],
        ["event_id_cnty: expected the ACLED event id, got an empty value"],
        ["event_type: expected the ACLED event type, got an empty value"],
    ]


def test_columns_in_any_order_with_extra_ones_noted(tmp_path):
    columns = ["my_comment", *reversed(COLUMNS)]
    header, out, _ = parse(write(tmp_path, [event(my_comment="x")], columns=columns))
    assert header.notes == ("ignored 1 column(s) this format does not use: my_comment",)
    assert out["source_id"].tolist() == ["CEN1001"]


def test_a_missing_required_column_is_named(tmp_path):
    path = write(tmp_path, [event()], columns=[c for c in COLUMNS if c != "event_date"])
    with pytest.raises(ImportFileError, match="required column missing: event_date"):
        parse(path)
