"""ACLED, HXL and native incident files imported into a real warehouse: counts, values,
reject reasons, revisions, idempotent re-imports and atomicity. Every row is invented
(ACLED's terms forbid redistributing their data)."""

from __future__ import annotations

import csv
import io

import pytest

from queries.errors import ImportFileError
from queries.importing import acled, native
from queries.importing.registry import import_file
from queries.statements import named_sql
from queries.vocabulary import categories

BANGUI = ("4.3667", "18.5833")
BAMAKO = ("12.64", "-8.0")
KYIV = ("50.45", "30.52")


def write(path, records, newline="\n", bom=False):
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(records)
    path.write_bytes((("\ufeff" if bom else "") + out.getvalue()).encode("utf-8"))
    return path


def write_dicts(path, rows, columns, **options):
    return write(path, [list(columns), *([r.get(c, "") for c in columns] for r in rows)],
                 **options)


def state(con):
    """Everything an import may touch, to compare before and after."""
    return {
        "incidents": con.execute("SELECT count(*) FROM incidents").fetchone()[0],
        "rejected_rows": con.execute("SELECT count(*) FROM rejected_rows").fetchone()[0],
        "indicators": con.execute("SELECT count(*) FROM indicators").fetchone()[0],
        "import_batches": con.execute(
            "SELECT * FROM import_batches ORDER BY batch_id").fetchall(),
    }


def counts(summary):
    return (summary.read, summary.loaded, summary.updated, summary.unchanged, summary.rejected)


def reasons(con, batch_id):
    return dict(con.execute("SELECT row_number, reasons FROM rejected_rows WHERE batch_id = ? "
                            "ORDER BY row_number", [batch_id]).fetchall())


# --- ACLED ----------------------------------------------------------------------------------

def acled_event(event_id, where, **values):
    row = {"event_id_cnty": event_id, "event_date": "2023-02-16", "year": "2023",
           "time_precision": "1", "disorder_type": "Political violence",
           "event_type": "Violence against civilians", "sub_event_type": "Attack",
           "actor1": "Armed group A", "inter1": "Rebel group", "actor2": "Civilians",
           "inter2": "Civilians", "interaction": "Rebel group-Civilians",
           "civilian_targeting": "Civilian targeting", "iso": "140",
           "country": "Central African Republic", "location": "Bangui",
           "latitude": where[0], "longitude": where[1], "geo_precision": "1",
           "source": "Invented", "source_scale": "Local", "notes": "Invented event.",
           "fatalities": "2", "tags": "", "timestamp": "1700000000"}
    row.update(values)
    return row


def acled_events():
    return [
        acled_event("CEN1", BANGUI),
        acled_event("MLI1", BAMAKO, event_date="16 May 2025", event_type="Battles",
                    sub_event_type="Armed clash", civilian_targeting="", iso="466",
                    country="Mali", location="Bamako", fatalities="6", geo_precision="2"),
        acled_event("UKR1", KYIV, event_date="3 March 2022",
                    event_type="Explosions/Remote violence",
                    sub_event_type="Shelling/artillery/missile attack", iso="804",
                    country="Ukraine", location="Kyiv", fatalities="4", time_precision="2"),
    ]


def test_acled_export_loads_with_values_mapped(writer, tmp_path):
    rows = [*acled_events(), acled_event("CEN2", ("95", "18.5")),
            acled_event("CEN3", BANGUI, fatalities="-1")]
    summary = import_file(writer, "acled", write_dicts(tmp_path / "a.csv", rows, acled.COLUMNS))
    assert counts(summary) == (5, 3, 0, 0, 2)
    assert reasons(writer, summary.batch_id) == {
        5: ["latitude: expected a number from -90 to 90, got '95'"],
        6: ["fatalities: expected a whole number of at least 0, got '-1'"],
    }
    got = writer.execute(
        "SELECT incident_id, source, event_date::VARCHAR, date_precision, iso3, geo_check, "
        "geo_precision, category, fatalities, civilian_fatalities, sensitivity "
        "FROM incidents ORDER BY incident_id").fetchall()
    assert got == [
        ("acled:CEN1", "acled", "2023-02-16", 1, "CAF", "ok", 1,
         "violence_against_civilians", 2, 2, "public"),
        ("acled:MLI1", "acled", "2025-05-16", 1, "MLI", "ok", 3, "armed_conflict", 6, None,
         "public"),
        ("acled:UKR1", "acled", "2022-03-03", 2, "UKR", "ok", 1,
         "violence_against_civilians", 4, 4, "public"),
    ]
    assert writer.execute("SELECT admin1_name FROM incidents WHERE incident_id = 'acled:CEN1'"
                          ).fetchone()[0] == "Bangui"


def test_acled_revised_export_updates_in_place(writer, tmp_path):
    first = import_file(writer, "acled",
                        write_dicts(tmp_path / "v1.csv", acled_events(), acled.COLUMNS))
    assert counts(first) == (3, 3, 0, 0, 0)
    revised = acled_events()
    revised[1]["fatalities"] = "9"
    revised.append(acled_event("CEN4", BANGUI, event_date="2023-03-01"))
    second = import_file(writer, "acled",
                         write_dicts(tmp_path / "v2.csv", revised, acled.COLUMNS))
    assert counts(second) == (4, 1, 1, 2, 0)
    assert writer.execute(
        "SELECT incident_id, fatalities, batch_id FROM incidents ORDER BY incident_id"
    ).fetchall() == [("acled:CEN1", 2, first.batch_id), ("acled:CEN4", 2, second.batch_id),
                     ("acled:MLI1", 9, second.batch_id), ("acled:UKR1", 4, first.batch_id)]
    again = import_file(writer, "acled", tmp_path / "v2.csv")
    assert counts(again) == (4, 0, 0, 4, 0)


def test_acled_older_layout_crlf_bom_shuffled_reads_the_same(writer, tmp_path):
    import_file(writer, "acled", write_dicts(tmp_path / "a.csv", acled_events(), acled.COLUMNS))
    old_columns = ["my_notes", "iso3", *reversed([c for c in acled.COLUMNS if c != "iso"])]
    rows = acled_events()
    for row, iso3 in zip(rows, ("CAF", "MLI", "UKR"), strict=True):
        row.update(iso3=iso3, inter1="2", inter2="7", interaction="27", my_notes="x")
    summary = import_file(writer, "acled", write_dicts(tmp_path / "old.csv", rows, old_columns,
                                                       newline="\r\n", bom=True))
    assert counts(summary) == (3, 0, 0, 3, 0)
    assert summary.notes == ("ignored 1 column(s) this format does not use: my_notes",)


def test_acled_missing_column_leaves_the_warehouse_as_it_was(writer, tmp_path):
    import_file(writer, "acled", write_dicts(tmp_path / "a.csv", acled_events(), acled.COLUMNS))
    before = state(writer)
    columns = [c for c in acled.COLUMNS if c != "latitude"]
    with pytest.raises(ImportFileError, match="required column missing: latitude"):
        import_file(writer, "acled", write_dicts(tmp_path / "b.csv", acled_events(), columns))
    assert state(writer) == before


# --- HXL ------------------------------------------------------------------------------------

HXL_LABELS = ["ID", "Date", "Lat", "Lon", "Country", "Place", "Type", "Killed",
              "Civilians killed", "Comment"]
HXL_TAGS = ["#event+id", "#date+occurred", "#geo+lat", "#geo+lon", "#country+code",
            "#loc+name", "#event+type", "#affected+killed", "#affected+killed+civilians", ""]


def hxl_rows():
    return [
        ["e1", "2024-03-01", *BANGUI, "CAF", "Bangui", "Violence against civilians", "5", "4",
         "x"],
        ["", "2024-03-02", *BAMAKO, "mli", "Bamako", "Arrests", "0", "0", ""],
        ["e3", "2024-03-03", *KYIV, "", "Kyiv", "armed_conflict", "3", "", ""],
        ["e4", "2024-03-04", *KYIV, "UKX", "Kyiv", "Battles", "1", "", ""],
    ]


def test_hxl_file_loads_and_reimports_unchanged(writer, tmp_path):
    path = write(tmp_path / "h.csv", [HXL_LABELS, HXL_TAGS, *hxl_rows()])
    summary = import_file(writer, "hxl", path)
    assert counts(summary) == (4, 3, 0, 0, 1)
    assert summary.notes == ("ignored 1 column(s) this format does not use: Comment",)
    assert reasons(writer, summary.batch_id) == {
        6: ["#country+code: expected an ISO 3166-1 alpha-3 country code, got 'UKX'"]}
    got = writer.execute(
        "SELECT incident_id, geo_iso3, category, source_type, fatalities, civilian_fatalities "
        "FROM incidents ORDER BY event_date").fetchall()
    assert got[0] == ("hxl:e1", "CAF", "violence_against_civilians",
                      "Violence against civilians", 5, 4)
    assert got[1][0].startswith("hxl:h") and got[1][1:] == ("MLI", "arbitrary_detention",
                                                            "Arrests", 0, 0)
    assert got[2] == ("hxl:e3", "UKR", "armed_conflict", "armed_conflict", 3, None)
    again = import_file(writer, "hxl", path)
    assert counts(again) == (4, 0, 0, 3, 1)


def test_hxl_rows_above_the_tags_with_line_breaks_are_skipped_as_records(writer, tmp_path):
    path = write(tmp_path / "h.csv", [["Events in\nMarch 2024"], [], HXL_LABELS, HXL_TAGS,
                                      *hxl_rows()[:1]])
    summary = import_file(writer, "hxl", path)
    assert counts(summary) == (1, 1, 0, 0, 0)
    assert writer.execute("SELECT incident_id, admin1_name FROM incidents").fetchall() == [
        ("hxl:e1", "Bangui")]
    assert writer.execute("SELECT max(row_number) FROM rejected_rows").fetchone()[0] is None


def test_hxl_missing_tag_leaves_the_warehouse_as_it_was(writer, tmp_path):
    import_file(writer, "hxl", write(tmp_path / "h.csv", [HXL_TAGS, *hxl_rows()]))
    before = state(writer)
    tags = [t.replace("#geo+lon", "#geo+long") for t in HXL_TAGS]
    with pytest.raises(ImportFileError, match="required HXL tag missing: #geo\\+lon"):
        import_file(writer, "hxl", write(tmp_path / "b.csv", [tags, *hxl_rows()]))
    assert state(writer) == before


# --- native ---------------------------------------------------------------------------------

def native_rows():
    return [
        {"source": "my_ngo", "source_id": "1", "event_date": "2024-04-02",
         "latitude": BAMAKO[0], "longitude": BAMAKO[1], "iso3": "MLI",
         "category": "arbitrary_detention", "fatalities": "0", "civilian_fatalities": "0",
         "sensitivity": "restricted"},
        {"source_id": "2", "event_date": "2024-04-05", "latitude": BANGUI[0],
         "longitude": BANGUI[1], "category": "Violence_Against_Civilians", "fatalities": "3",
         "civilian_fatalities": "3", "location": "PK5"},
        {"source_id": "3", "event_date": "2024-04-06", "latitude": KYIV[0],
         "longitude": KYIV[1], "category": "war"},
        {"source_id": "4", "event_date": "2024-04-07", "latitude": KYIV[0],
         "longitude": KYIV[1], "category": "other", "fatalities": "1",
         "civilian_fatalities": "2"},
        {"source_id": "2", "event_date": "2024-04-08", "latitude": BANGUI[0],
         "longitude": BANGUI[1], "category": "other"},
    ]


def test_native_file_loads_with_rejects_and_reimports_unchanged(writer, tmp_path):
    path = write_dicts(tmp_path / "n.csv", native_rows(), native.COLUMNS)
    summary = import_file(writer, "incidents", path)
    assert counts(summary) == (5, 2, 0, 0, 3)
    assert reasons(writer, summary.batch_id) == {
        4: [f"category: expected one of {', '.join(categories())}, got 'war'"],
        5: ["civilian_fatalities: expected no more than fatalities, got '2'"],
        6: ["incident_id: expected an id not used earlier in this file, got 'csv:2' "
            "(first at row 3)"],
    }
    got = writer.execute(
        "SELECT incident_id, iso3, category, location, sensitivity FROM incidents "
        "ORDER BY incident_id").fetchall()
    assert got == [("csv:2", "CAF", "violence_against_civilians", "PK5", "public"),
                   ("my_ngo:1", "MLI", "arbitrary_detention", None, "restricted")]
    again = import_file(writer, "incidents", path)
    assert counts(again) == (5, 0, 0, 2, 3)
    batches = writer.execute("SELECT format, rows_read, rows_loaded, rows_unchanged, "
                             "rows_rejected FROM import_batches ORDER BY batch_id").fetchall()
    assert batches == [("incidents", 5, 2, 0, 3), ("incidents", 5, 0, 2, 3)]


def test_native_missing_column_leaves_the_warehouse_as_it_was(writer, tmp_path):
    import_file(writer, "incidents", write_dicts(tmp_path / "n.csv", native_rows(),
                                                 native.COLUMNS))
    before = state(writer)
    columns = [c for c in native.COLUMNS if c != "source_id"]
    with pytest.raises(ImportFileError, match="required column missing: source_id"):
        import_file(writer, "incidents", write_dicts(tmp_path / "b.csv", native_rows(),
                                                     columns))
    assert state(writer) == before


# --- size -----------------------------------------------------------------------------------

def test_the_staging_table_is_shaped_like_incidents(writer):
    writer.execute(named_sql("import_stage_create"))
    stage = writer.execute("SELECT column_name, data_type FROM duckdb_columns() "
                           "WHERE table_name = 'stage_incidents' ORDER BY column_index").fetchall()
    incidents = writer.execute("SELECT column_name, data_type FROM duckdb_columns() "
                               "WHERE table_name = 'incidents' ORDER BY column_index").fetchall()
    assert stage == [*incidents, ("row_number", "BIGINT")]


def test_a_chunk_of_more_than_one_row_group_is_loaded_whole(writer, tmp_path):
    # DuckDB 2.0 lost every row of a first Arrow INSERT of >= 122,880 rows into a table
    # made by CREATE ... AS SELECT ... LIMIT 0 in the same transaction.
    n = 130_000
    rows = ([f"e{i}", f"2024-01-{i % 28 + 1:02d}", BANGUI[0], BANGUI[1], "other"]
            for i in range(n))
    path = write(tmp_path / "big.csv",
                 [["source_id", "event_date", "latitude", "longitude", "category"], *rows])
    summary = import_file(writer, "incidents", path)
    assert counts(summary) == (n, n, 0, 0, 0)
    assert writer.execute("SELECT count(*), count(DISTINCT source_id), min(iso3), max(iso3) "
                          "FROM incidents").fetchone() == (n, n, "CAF", "CAF")
