"""HXL-tagged CSV: finding the hashtag row, matching tags, parsing rows."""

from __future__ import annotations

import csv
import hashlib
import io

import numpy as np
import pytest

from queries.errors import ImportFileError
from queries.importing.fields import RowProblems
from queries.importing.hxl import HXL, find_hashtag_row, parse_tag
from queries.importing.reader import CsvFile


def write(tmp_path, records, name="hxl.csv"):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(records)
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def parse(path):
    f = CsvFile(path)
    header = HXL.header(f.first_records(), path)
    (chunk,) = list(f.chunks(header))
    problems = RowProblems(len(chunk))
    return header, chunk, HXL.parse(chunk, problems), problems


LABELS = ["Event ID", "Date", "Latitude", "Longitude", "Country", "Province", "Place",
          "Type", "Sub-type", "Killed", "Civilians killed", "Perpetrator", "Target",
          "Description", "Sensitivity"]
TAGS = ["#event+id", "#date+occurred", "#geo+lat", "#geo+lon", "#country+code", "#adm1+name",
        "#loc+name", "#event+type", "#event+type+sub", "#affected+killed",
        "#affected+killed+civilians", "#actor+perpetrator", "#actor+target", "#description",
        "#meta+sensitivity"]
ROW = ["ev-1", "2024-03-01", "4.3667", "18.5833", "caf", "Bangui", "PK5",
       "Violence against civilians", "Attack", "5", "4", "Group A", "Traders",
       "Invented event.", "restricted"]


def test_tags_match_case_insensitively_with_attributes_in_any_order():
    assert parse_tag("#GEO +LAT") == ("geo", ("lat",))
    assert parse_tag(" #affected+Civilians +killed ") == ("affected", ("civilians", "killed"))
    assert parse_tag("Latitude") is None
    assert parse_tag("#") is None


def test_the_hashtag_row_is_found_under_labels_or_first():
    assert find_hashtag_row([LABELS, TAGS, ROW]) == 1
    assert find_hashtag_row([TAGS, ROW]) == 0
    assert find_hashtag_row([["Title of the sheet"], [], LABELS, TAGS, ROW]) == 3
    assert find_hashtag_row([LABELS, ROW]) is None


def test_a_full_row_maps_onto_every_field(tmp_path):
    header, chunk, out, problems = parse(write(tmp_path, [LABELS, TAGS, ROW]))
    assert header.data_start == 2 and header.notes == ()
    assert chunk.row_numbers.tolist() == [3]
    assert not problems.rejected().any()
    got = {k: v[0] for k, v in out.items() if k not in ("event_date", "event_date_end",
                                                          "date_precision", "geo_precision")}
    assert got == {
        "source": "hxl", "source_id": "ev-1", "iso3": "CAF", "location": "PK5",
        "lat": 4.3667, "lon": 18.5833, "category": "violence_against_civilians",
        "source_type": "Violence against civilians", "source_sub_type": "Attack",
        "perpetrator": "Group A", "target": "Traders", "fatalities": 5.0,
        "civilian_fatalities": 4.0, "description": "Invented event.",
        "sensitivity": "restricted"}
    assert str(out["event_date"][0]) == "2024-03-01"
    assert np.isnan(out["date_precision"][0]) and np.isnan(out["geo_precision"][0])


def test_the_most_specific_tag_wins_whatever_the_column_order(tmp_path):
    tags = ["#affected+killed+civilians", "#GEO +LON", "#affected +killed", "#geo+lat",
            "#date", "#org+perpetrator", "#affected+target", "#event+description",
            "#event+code"]
    row = ["2", "18.5", "9", "4.4", "2024-01-05", "Group B", "Villagers", "Text", "C-7"]
    header, _, out, problems = parse(write(tmp_path, [tags, row]))
    assert not problems.rejected().any()
    assert header.data_start == 1
    assert (out["fatalities"][0], out["civilian_fatalities"][0]) == (9, 2)
    assert (out["lat"][0], out["lon"][0]) == (4.4, 18.5)
    assert (out["perpetrator"][0], out["target"][0]) == ("Group B", "Villagers")
    assert (out["description"][0], out["source_id"][0]) == ("Text", "C-7")
    assert out["sensitivity"][0] == "public" and out["category"][0] == "other"


def test_date_occurred_is_preferred_and_the_loser_is_noted(tmp_path):
    tags = ["#date+reported", "#geo+lat", "#geo+lon", "#date+occurred", "#sector"]
    header, _, out, _ = parse(write(tmp_path, [tags, ["2024-02-02", "1", "2", "2024-01-01",
                                                      "x"]]))
    assert str(out["event_date"][0]) == "2024-01-01"
    assert header.notes == (
        "ignored 2 column(s) this format does not use: #date+reported, #sector",)


def test_without_an_event_id_a_stable_hash_of_the_row_is_the_id(tmp_path):
    tags = ["#date+occurred", "#geo+lat", "#geo+lon", "#event+type", "#affected+killed",
            "#description"]
    rows = [["2024-01-01", "4.3667", "18.5833", "Battles", "3", "An event"],
            ["2024-01-01", "4.3667", "18.5833", "Battles", "3", "An event"],
            ["2024-01-01", "4.3667", "18.5833", "Battles", "4", "An event"]]
    _, _, out, _ = parse(write(tmp_path, [tags, *rows]))
    expected = "h" + hashlib.sha1(b"2024-01-01|4.3667|18.5833|Battles|3|An event").hexdigest()[:16]
    assert out["source_id"][0] == expected == out["source_id"][1]
    assert out["source_id"][2] != expected and out["source_id"][2].startswith("h")


def test_categories_through_the_map_and_category_names_as_themselves(tmp_path):
    tags = ["#date", "#geo+lat", "#geo+lon", "#event+type", "#event+type+sub"]
    rows = [["2024-01-01", "1", "1", "Violence against civilians", "Sexual violence"],
            ["2024-01-01", "1", "1", "forced_displacement", ""],
            ["2024-01-01", "1", "1", "Battles", ""],
            ["2024-01-01", "1", "1", "Something new", ""]]
    _, _, out, _ = parse(write(tmp_path, [tags, *rows]))
    assert out["category"].tolist() == ["sexual_violence", "forced_displacement",
                                        "armed_conflict", "other"]


def test_bad_values_reject_the_row_naming_the_tag(tmp_path):
    tags = ["#date+occurred", "#geo+lat", "#geo+lon", "#country+code", "#affected+killed",
            "#affected+killed+civilians", "#meta+sensitivity"]
    rows = [["2024-02-30", "1", "1", "", "", "", ""],
            ["2024-01-01", "-91", "1", "", "", "", ""],
            ["2024-01-01", "1", "", "", "", "", ""],
            ["2024-01-01", "1", "1", "XXZ", "", "", ""],
            ["2024-01-01", "1", "1", "", "-2", "", ""],
            ["2024-01-01", "1", "1", "", "3", "5", ""],
            ["2024-01-01", "1", "1", "", "", "", "secret"],
            ["2024-01-01", "1", "1", "MLI", "5", "5", "Public"]]
    _, _, out, problems = parse(write(tmp_path, [tags, *rows]))
    assert problems.rejected().tolist() == [True] * 7 + [False]
    assert problems.reasons(np.arange(7)) == [
        ["#date+occurred: expected a date as YYYY-MM-DD, got '2024-02-30'"],
        ["#geo+lat: expected a number from -90 to 90, got '-91'"],
        ["#geo+lon: expected a number from -180 to 180, got an empty value"],
        ["#country+code: expected an ISO 3166-1 alpha-3 country code, got 'XXZ'"],
        ["#affected+killed: expected a whole number of at least 0, got '-2'"],
        ["#affected+killed+civilians: expected no more than #affected+killed, got '5'"],
        ["#meta+sensitivity: expected one of public, restricted, got 'secret'"],
    ]
    assert (out["iso3"][7], out["sensitivity"][7]) == ("MLI", "public")


def test_missing_required_tags_and_files_without_tags_are_refused(tmp_path):
    path = write(tmp_path, [["#date+occurred", "#geo+lat", "#event+type"], ["x", "1", "y"]])
    with pytest.raises(ImportFileError, match="required HXL tag missing: #geo\\+lon"):
        parse(path)
    path = write(tmp_path, [LABELS, ROW], name="plain.csv")
    with pytest.raises(ImportFileError, match="no HXL hashtag row"):
        parse(path)
