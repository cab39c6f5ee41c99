"""The holes found when the app was run for an office (issue 14): formulas in CSVs,
out-of-range numbers, leading white space kept by the importer."""

from __future__ import annotations

import csv
import io

from dashboard import create_app
from dashboard.settings import Settings
from queries.importing import native
from queries.importing.registry import import_file
from tests.integration.test_import_formats import counts, reasons, write_dicts

BANGUI = ("4.3667", "18.5833")


def native_row(source_id: str, **values) -> dict:
    row = {"source_id": source_id, "event_date": "2024-04-05", "latitude": BANGUI[0],
           "longitude": BANGUI[1], "category": "other"}
    return dict(row, **values)


def test_a_fatality_count_beyond_32_bits_rejects_its_row_not_the_file(writer, tmp_path):
    rows = [native_row("1", fatalities="2147483647"), native_row("2", fatalities="2147483648"),
            native_row("3", fatalities="5", civilian_fatalities="99999999999")]
    summary = import_file(writer, "incidents", write_dicts(tmp_path / "n.csv", rows,
                                                           native.COLUMNS))
    assert counts(summary) == (3, 1, 0, 0, 2)
    assert reasons(writer, summary.batch_id) == {
        3: ["fatalities: expected a whole number no larger than 2147483647, "
            "got '2147483648'"],
        4: ["civilian_fatalities: expected a whole number no larger than 2147483647, "
            "got '99999999999'"],
    }
    assert writer.execute("SELECT fatalities FROM incidents").fetchall() == [(2147483647,)]


def test_imported_free_text_keeps_its_leading_white_space(writer, tmp_path):
    rows = [native_row("1", description="\t=cmd|' /C calc'!A0", perpetrator="\n@SUM(A1)",
                       target="  ", location=" PK5 ")]
    import_file(writer, "incidents", write_dicts(tmp_path / "n.csv", rows, native.COLUMNS))
    got = writer.execute("SELECT description, perpetrator, target, location FROM incidents"
                         ).fetchone()
    assert got == ("\t=cmd|' /C calc'!A0", "\n@SUM(A1)", None, "PK5")


def test_every_formula_cell_of_the_csv_download_is_neutralised(db_path, tmp_path):
    from queries.db import connect_writer

    rows = [native_row("1", description="=cmd|' /C calc'!A0", perpetrator="@SUM(A1)",
                       target="+1-2", fatalities="1"),
            native_row("2", description='=HYPERLINK("http://x.example","y")',
                       perpetrator="\t-guarded", target="\r\nCR", fatalities="2"),
            native_row("3", description="plain - text = fine", perpetrator="A=B")]
    con = connect_writer(db_path)
    import_file(con, "incidents", write_dicts(tmp_path / "n.csv", rows, native.COLUMNS))
    con.close()
    app = create_app(Settings(db=db_path))
    answer = app.server.test_client().get(
        "/download/incidents.csv?from=2024-01-01&to=2024-12-31&sort=fatalities&desc=0")
    app.server.config["WAREHOUSE"].close()
    got = [(r["description"], r["perpetrator"], r["target"])
           for r in csv.DictReader(io.StringIO(answer.get_data(as_text=True)))]
    assert got == [("'=cmd|' /C calc'!A0", "'@SUM(A1)", "'+1-2"),
                   ("'=HYPERLINK(\"http://x.example\",\"y\")", "'\t-guarded", "'\r\nCR"),
                   ("plain - text = fine", "A=B", "")]
