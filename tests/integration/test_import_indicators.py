"""Indicator values in long form imported into a real warehouse: keys, periods, rejects,
revisions, notes and atomicity."""

from __future__ import annotations

import csv
import io
import json

import pytest

from queries.errors import ImportFileError
from queries.importing.fields import RowProblems
from queries.importing.indicators import INDICATORS
from queries.importing.reader import CsvFile
from queries.importing.registry import import_file

COLUMNS = ("iso3", "year", "indicator", "value", "admin1_code", "source")


def write(path, rows, columns=COLUMNS, newline="\n", bom=False):
    out = io.StringIO()
    w = csv.writer(out, lineterminator=newline)
    w.writerow(columns)
    w.writerows(rows)
    path.write_bytes((("\ufeff" if bom else "") + out.getvalue()).encode("utf-8"))
    return path


@pytest.fixture
def catalogued(writer):
    """The warehouse with two catalogued indicators."""
    writer.execute("INSERT INTO indicator_catalog (indicator_code, name, unit, risk_factor, "
                   "direction, lower_bound, upper_bound, source) VALUES "
                   "('press_freedom', 'Press freedom', 'score 0-100', 7, 'lower_is_riskier', "
                   "0, 100, 'test'), "
                   "('food_inflation', 'Food inflation', '% a year', 8, 'higher_is_riskier', "
                   "-10, 300, 'test')")
    return writer


@pytest.fixture
def caf_region(writer):
    """An admin-1 code of the Central African Republic from the reference table."""
    return writer.execute("SELECT min(admin1_code) FROM admin1 WHERE iso3 = 'CAF'").fetchone()[0]


def counts(summary):
    return (summary.read, summary.loaded, summary.updated, summary.unchanged, summary.rejected)


def in_order(rows):
    """Rows sorted with NULL as the empty string."""
    return sorted(rows, key=lambda r: tuple("" if v is None else str(v) for v in r))


def stored(con):
    """The imported values (every warehouse also holds the shipped reference values)."""
    return in_order(con.execute("SELECT iso3, admin1_code, indicator_code, period::VARCHAR, "
                                "value, source FROM indicators "
                                "WHERE source <> 'reference'").fetchall())


def state(con):
    return {
        "indicators": stored(con),
        "rejected_rows": con.execute("SELECT count(*) FROM rejected_rows").fetchone()[0],
        "import_batches": con.execute(
            "SELECT * FROM import_batches ORDER BY batch_id").fetchall(),
    }


def good_rows(region):
    return [
        ["CAF", "2023", "press_freedom", "31.5", "", ""],
        ["caf", "2023", "press_freedom", "40", region, ""],
        ["MLI", "2024", "food_inflation", "18.2", "", "wfp"],
        ["MLI", "2024", "x_index", "1", "", ""],
        ["UKR", "2024", "y_index", "2", "", ""],
        ["UKR", "2024", "z_index", "3", "", ""],
    ]


def test_values_load_with_years_as_1_january(catalogued, caf_region, tmp_path):
    summary = import_file(catalogued, "indicators",
                          write(tmp_path / "i.csv", good_rows(caf_region)))
    assert counts(summary) == (6, 6, 0, 0, 0)
    assert stored(catalogued) == in_order([
        ("CAF", None, "press_freedom", "2023-01-01", 31.5, "user"),
        ("CAF", caf_region, "press_freedom", "2023-01-01", 40.0, "user"),
        ("MLI", None, "food_inflation", "2024-01-01", 18.2, "wfp"),
        ("MLI", None, "x_index", "2024-01-01", 1.0, "user"),
        ("UKR", None, "y_index", "2024-01-01", 2.0, "user"),
        ("UKR", None, "z_index", "2024-01-01", 3.0, "user"),
    ])
    assert summary.notes == ("3 indicator codes not in the catalogue: x_index, y_index, z_index",)
    batch = catalogued.execute("SELECT format, rows_read, rows_loaded, notes FROM import_batches"
                               ).fetchone()
    assert batch == ("indicators", 6, 6, list(summary.notes))


def test_bad_rows_are_rejected_naming_the_column(catalogued, tmp_path):
    rows = [
        ["CAF", "2023", "press_freedom", "31.5", "", ""],
        ["XXX", "2023", "press_freedom", "1", "", ""],
        ["CAF", "2023", "food_inflation", "n/a", "", ""],
        ["CAF", "2023", "food_inflation", "inf", "", ""],
        ["CAF", "23", "food_inflation", "1", "", ""],
        ["CAF", "2023", "", "1", "", ""],
        ["CAF", "2023", "press_freedom", "1", "", "UN Stats"],
        ["CAF", "2023", "press_freedom", "33", "", ""],
        ["", "2023", "press_freedom", "1", "", ""],
    ]
    summary = import_file(catalogued, "indicators", write(tmp_path / "bad.csv", rows))
    assert counts(summary) == (9, 1, 0, 0, 8)
    reasons = dict(catalogued.execute(
        "SELECT row_number, reasons FROM rejected_rows ORDER BY row_number").fetchall())
    assert reasons == {
        3: ["iso3: expected an ISO 3166-1 alpha-3 country code, got 'XXX'"],
        4: ["value: expected a number, got 'n/a'"],
        5: ["value: expected a finite number, got 'inf'"],
        6: ["year: expected a whole number from 1900 to 2100, got '23'"],
        7: ["indicator: expected an indicator code, got an empty value"],
        8: ["source: expected a short lowercase name such as 'csv' or 'my_ngo' (a-z, 0-9, _; "
            "at most 32 characters), got 'UN Stats'"],
        9: ["indicator: expected one value per iso3, admin1_code, indicator, period and "
            "source, got another for CAF, (no admin1_code), 'press_freedom', 2023-01-01, user "
            "(first at row 2)"],
        10: ["iso3: expected an ISO 3166-1 alpha-3 country code, got an empty value"],
    }
    raw = json.loads(catalogued.execute(
        "SELECT raw FROM rejected_rows WHERE row_number = 3").fetchone()[0])
    assert raw == {"iso3": "XXX", "year": "2023", "indicator": "press_freedom", "value": "1",
                   "admin1_code": "", "source": ""}
    assert stored(catalogued) == [("CAF", None, "press_freedom", "2023-01-01", 31.5, "user")]


def test_reimport_changes_nothing_and_a_revision_updates_one_value(catalogued, caf_region,
                                                                  tmp_path):
    rows = good_rows(caf_region)
    first = import_file(catalogued, "indicators", write(tmp_path / "i.csv", rows))
    again = import_file(catalogued, "indicators",
                        write(tmp_path / "crlf.csv", rows, newline="\r\n", bom=True))
    assert counts(again) == (6, 0, 0, 6, 0)
    rows[0][3] = "30"  # the national value, whose admin1_code is NULL
    rows.append(["CAF", "2024", "press_freedom", "28", "", ""])
    revised = import_file(catalogued, "indicators", write(tmp_path / "v2.csv", rows))
    assert counts(revised) == (7, 1, 1, 5, 0)
    assert catalogued.execute(
        "SELECT admin1_code, period::VARCHAR, value, batch_id FROM indicators "
        "WHERE indicator_code = 'press_freedom' ORDER BY ALL").fetchall() == [
        (caf_region, "2023-01-01", 40.0, first.batch_id),
        (None, "2023-01-01", 30.0, revised.batch_id),
        (None, "2024-01-01", 28.0, revised.batch_id)]
    assert catalogued.execute("SELECT count(*) FROM indicators "
                              "WHERE source <> 'reference'").fetchone()[0] == 7


def test_dates_extra_columns_and_unknown_regions(catalogued, tmp_path):
    columns = ("note", "value", "indicator", "date", "year", "iso3", "admin1_code")
    rows = [
        ["a", "5", "food_inflation", "2024-06-30", "", "MLI", ""],
        ["b", "6", "food_inflation", "", "2023", "MLI", ""],
        ["c", "7", "food_inflation", "2024-07-31", "2024", "MLI", ""],
        ["d", "8", "food_inflation", "2024-08-31", "2023", "MLI", ""],
        ["e", "9", "food_inflation", "", "", "MLI", ""],
        ["f", "400", "food_inflation", "2024-09-30", "", "MLI", "NOT-A-REGION"],
    ]
    summary = import_file(catalogued, "indicators", write(tmp_path / "d.csv", rows, columns))
    assert counts(summary) == (6, 4, 0, 0, 2)
    assert [p for (_, _, _, p, _, _) in stored(catalogued)] == [
        "2023-01-01", "2024-06-30", "2024-07-31", "2024-09-30"]
    reasons = dict(catalogued.execute(
        "SELECT row_number, reasons FROM rejected_rows ORDER BY row_number").fetchall())
    assert reasons == {
        5: ["date: expected a date in the row's year, got '2024-08-31'"],
        6: ["year or date: expected a year (YYYY) or a date (YYYY-MM-DD)"],
    }
    assert summary.notes == (
        "ignored 1 column(s) this format does not use: note",
        "1 admin1_code value(s) not among their country's regions in the admin1 table "
        "(they will not show on a map): NOT-A-REGION",
        "1 value(s) outside their indicator's catalogue bounds",
    )


def test_malformed_records_are_rejected_and_counted(catalogued, tmp_path):
    path = write(tmp_path / "r.csv", [["CAF", "2023", "press_freedom", "1", "", ""]])
    path.write_text(path.read_text(encoding="utf-8") + "MLI,2023\n", encoding="utf-8")
    summary = import_file(catalogued, "indicators", path)
    assert counts(summary) == (2, 1, 0, 0, 1)
    assert catalogued.execute("SELECT row_number, reasons FROM rejected_rows").fetchall() == [
        (3, ["record: expected 6 fields, found 2"])]


@pytest.mark.parametrize("columns, missing", [
    (("iso3", "year", "indicator"), "value"),
    (("iso3", "indicator", "value"), "year or date"),
])
def test_a_missing_column_leaves_the_warehouse_as_it_was(catalogued, tmp_path, columns,
                                                         missing):
    import_file(catalogued, "indicators", write(tmp_path / "i.csv", good_rows("")))
    before = state(catalogued)
    path = write(tmp_path / "bad.csv", [["CAF", "2023", "1"]], columns)
    with pytest.raises(ImportFileError, match=f"required column missing: {missing} "):
        import_file(catalogued, "indicators", path)
    assert state(catalogued) == before


def test_parse_returns_the_staged_fields(tmp_path):
    path = write(tmp_path / "p.csv", [["ukr", "2022", " gdp ", "1e3", " UA-30 ", "wb"]])
    f = CsvFile(path)
    header = INDICATORS.header(f.first_records(), path)
    (chunk,) = list(f.chunks(header))
    problems = RowProblems(1)
    out = INDICATORS.parse(chunk, problems)
    assert not problems.rejected().any()
    assert {k: (str(v[0]) if k == "period" else v[0]) for k, v in out.items()} == {
        "iso3": "UKR", "admin1_code": "UA-30", "indicator_code": "gdp",
        "period": "2022-01-01", "value": 1000.0, "source": "wb"}


def test_a_chunk_of_more_than_one_row_group_is_loaded_whole(writer, tmp_path):
    # DuckDB 2.0 lost every row of a first Arrow INSERT of >= 122,880 rows into a table
    # made by CREATE ... AS SELECT ... LIMIT 0 in the same transaction.
    n = 130_000
    rows = (["CAF", str(1900 + i % 200), f"code_{i // 200}", str(i)] for i in range(n))
    path = write(tmp_path / "big.csv", rows, ("iso3", "year", "indicator", "value"))
    summary = import_file(writer, "indicators", path)
    assert counts(summary) == (n, n, 0, 0, 0)
    assert writer.execute("SELECT count(*), sum(value) FROM indicators "
                          "WHERE source <> 'reference'").fetchone() == (
        n, n * (n - 1) / 2)
