"""UCDP GED import into a real warehouse: the real CAF sample, variants of its layout,
bad rows, and atomicity."""

from __future__ import annotations

import csv
import io

import pytest

from geodata.assign import PointAssigner
from queries.errors import ImportFileError
from queries.importing.registry import import_file
from queries.importing.ucdp import COLUMNS


def sample_rows(path, n=None):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return rows if n is None else rows[:n]


def write_rows(path, rows, columns=COLUMNS, header=True, newline="\n", bom=False):
    out = io.StringIO()
    w = csv.writer(out, lineterminator=newline)
    if header:
        w.writerow(columns)
    for row in rows:
        w.writerow([row.get(c, "") for c in columns])
    path.write_bytes((("\ufeff" if bom else "") + out.getvalue()).encode("utf-8"))
    return path


def table_counts(con):
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
            for t in ("incidents", "import_batches", "rejected_rows")}


def test_real_sample_imports_every_event_in_caf(writer, ucdp_sample):
    summary = import_file(writer, "ucdp", ucdp_sample)
    assert (summary.read, summary.loaded, summary.rejected) == (1848, 1848, 0)
    iso3, n = writer.execute(
        "SELECT string_agg(DISTINCT iso3), count(*) FROM incidents").fetchone()
    assert (iso3, n) == ("CAF", 1848)
    located, with_admin1 = writer.execute(
        "SELECT count(*), count(admin1_code) FROM incidents WHERE geo_precision <= 4").fetchone()
    assert located > 1000
    assert with_admin1 / located >= 0.95
    country_only = writer.execute(
        "SELECT count(admin1_code) FROM incidents WHERE geo_precision >= 6").fetchone()[0]
    assert country_only == 0


def test_real_sample_values_are_mapped_as_documented(writer, ucdp_sample):
    import_file(writer, "ucdp", ucdp_sample)
    row = writer.execute(
        "SELECT source, source_id, event_date::VARCHAR, category, fatalities, "
        "civilian_fatalities, perpetrator, target, geo_precision, priogrid_gid, lat, lon "
        "FROM incidents WHERE incident_id = 'ucdp:12422'").fetchone()
    assert row == ("ucdp", "12422", "2008-02-29", "violence_against_civilians", 4, 4,
                   "Government of Chad", "Civilians", 5, 141522, 8.416667, 20.666667)
    bangui = writer.execute(
        "SELECT admin1_name FROM incidents WHERE incident_id = 'ucdp:20192'").fetchone()[0]
    assert bangui == "Bangui"
    # The sample's own totals, computed independently of the importer.
    rows = sample_rows(ucdp_sample)
    expected = sum(int(r["best"]) for r in rows)
    assert writer.execute("SELECT sum(fatalities) FROM incidents").fetchone()[0] == expected


def test_reimport_changes_nothing(writer, ucdp_sample):
    import_file(writer, "ucdp", ucdp_sample)
    again = import_file(writer, "ucdp", ucdp_sample)
    assert (again.read, again.loaded, again.updated, again.unchanged) == (1848, 0, 0, 1848)
    assert writer.execute("SELECT count(*) FROM incidents").fetchone()[0] == 1848


def test_headerless_crlf_bom_shuffled_and_extra_columns_read_the_same(writer, ucdp_sample,
                                                                        tmp_path):
    rows = sample_rows(ucdp_sample, 300)
    headerless = write_rows(tmp_path / "candidate.csv", rows, header=False, newline="\r\n",
                            bom=True)
    summary = import_file(writer, "ucdp", headerless)
    assert (summary.loaded, summary.rejected) == (300, 0)
    assert any("no header row" in note for note in summary.notes)
    shuffled = ["note_from_analyst", *reversed(COLUMNS)]
    for row in rows:
        row["note_from_analyst"] = "x"
    other = write_rows(tmp_path / "shuffled.csv", rows, columns=shuffled)
    summary = import_file(writer, "ucdp", other)
    assert (summary.unchanged, summary.loaded) == (300, 0)
    assert any("note_from_analyst" in note for note in summary.notes)


def test_bad_rows_are_rejected_with_reasons_and_the_rest_loads(writer, ucdp_sample, tmp_path):
    rows = sample_rows(ucdp_sample, 10)
    rows[1]["latitude"] = "95.5"
    rows[2]["date_start"] = "2008-02-30 00:00:00.000"
    rows[3]["best"] = "-3"
    rows[4]["deaths_civilians"] = "many"
    rows[5]["longitude"] = ""
    rows[6]["type_of_violence"] = "4"
    path = write_rows(tmp_path / "bad.csv", rows)
    summary = import_file(writer, "ucdp", path)
    assert (summary.read, summary.loaded, summary.rejected) == (10, 4, 6)
    reasons = dict(writer.execute(
        "SELECT row_number, reasons FROM rejected_rows WHERE batch_id = ? ORDER BY 1",
        [summary.batch_id]).fetchall())
    assert reasons == {
        3: ["latitude: expected a number from -90 to 90, got '95.5'"],
        4: ["date_start: expected a date as YYYY-MM-DD, got '2008-02-30'"],
        5: ["best: expected a whole number of at least 0, got '-3'"],
        6: ["deaths_civilians: expected a whole number of at least 0, got 'many'"],
        7: ["longitude: expected a number from -180 to 180, got an empty value"],
        8: ["type_of_violence: expected 1, 2 or 3, got '4'"],
    }
    raw = writer.execute("SELECT raw FROM rejected_rows WHERE row_number = 3").fetchone()[0]
    assert '"latitude": "95.5"' in raw and f'"id": "{rows[1]["id"]}"' in raw


def test_duplicate_ids_in_one_file_keep_the_first(writer, ucdp_sample, tmp_path):
    rows = sample_rows(ucdp_sample, 3)
    path = write_rows(tmp_path / "dup.csv", [*rows, rows[0]])
    summary = import_file(writer, "ucdp", path)
    assert (summary.read, summary.loaded, summary.rejected) == (4, 3, 1)
    (reason,) = writer.execute("SELECT reasons[1] FROM rejected_rows").fetchone()
    assert reason == (f"incident_id: expected an id not used earlier in this file, got "
                      f"'ucdp:{rows[0]['id']}' (first at row 2)")


def test_malformed_records_are_rejected_with_their_number(writer, ucdp_sample, tmp_path):
    rows = sample_rows(ucdp_sample, 5)
    path = write_rows(tmp_path / "ragged.csv", rows)
    lines = path.read_text(encoding="utf-8").split("\n")
    text = "\n".join([*lines[:3], "1,2,3", *lines[3:]])
    path.write_text(text, encoding="utf-8")
    summary = import_file(writer, "ucdp", path)
    assert (summary.read, summary.loaded, summary.rejected) == (6, 5, 1)
    row_number, reasons = writer.execute(
        "SELECT row_number, reasons FROM rejected_rows").fetchone()
    assert (row_number, reasons) == (4, ["record: expected 49 fields, found 3"])


def test_missing_column_leaves_the_warehouse_as_it_was(writer, ucdp_sample, tmp_path):
    import_file(writer, "ucdp", ucdp_sample)
    before = table_counts(writer)
    rows = sample_rows(ucdp_sample, 5)
    path = write_rows(tmp_path / "nolat.csv", rows, columns=[c for c in COLUMNS
                                                             if c != "latitude"])
    with pytest.raises(ImportFileError, match="required column missing: latitude"):
        import_file(writer, "ucdp", path)
    assert table_counts(writer) == before


def test_failure_midway_leaves_nothing_visible(writer, ucdp_sample):
    real = PointAssigner.default()
    calls = {"n": 0}

    class FailsOnSecondChunk:
        def assign(self, *args):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("disk full")
            return real.assign(*args)

    with pytest.raises(RuntimeError, match="disk full"):
        import_file(writer, "ucdp", ucdp_sample, assigner=FailsOnSecondChunk(),
                    chunk_rows=500)
    assert table_counts(writer) == {"incidents": 0, "import_batches": 0, "rejected_rows": 0}
