"""Every row read is loaded, updated, unchanged or rejected; when the counts do not add
up (DuckDB 2.0 once lost staged rows silently), the import is rolled back with the numbers.
"""

from __future__ import annotations

import csv

import pytest

import app
from queries.importing import incidents, keyed
from queries.importing.batches import ImportAccountingError, ImportSummary
from queries.importing.registry import import_file
from queries.importing.ucdp import COLUMNS


def table_counts(con):
    """Rows per table; for indicators, the imported ones (not the shipped reference set)."""
    only = {"indicators": " WHERE source <> 'reference'"}
    return {t: con.execute(f"SELECT count(*) FROM {t}{only.get(t, '')}").fetchone()[0]  # noqa: S608
            for t in ("incidents", "indicators", "import_batches", "rejected_rows")}


def summary(**counts):
    values = {"read": 10, "loaded": 4, "updated": 3, "unchanged": 2, "rejected": 1} | counts
    return ImportSummary(batch_id=1, format="ucdp", file_name="f.csv", **values)


def test_counts_that_add_up_pass():
    summary().check()


@pytest.mark.parametrize("counts", [{"loaded": 3}, {"rejected": 2}, {"read": 9}])
def test_counts_that_do_not_add_up_name_every_number(counts):
    with pytest.raises(ImportAccountingError) as caught:
        summary(**counts).check()
    message = str(caught.value)
    assert message.startswith("f.csv: import rolled back")
    for name in ("read", "loaded", "updated", "unchanged", "rejected"):
        value = {"read": 10, "loaded": 4, "updated": 3, "unchanged": 2, "rejected": 1,
                 **counts}[name]
        assert f"{name} {value:,}" in message


def test_staged_rows_that_vanish_roll_the_import_back(writer, ucdp_sample, monkeypatch):
    import_file(writer, "ucdp", ucdp_sample)
    before = table_counts(writer)
    real = incidents.execute_with_rows

    def loses_staged_rows(con, sql, rows, params=None):
        if "stage_incidents" in sql:
            return None  # as the DuckDB bug did: the rows never show up in scans
        return real(con, sql, rows, params)

    monkeypatch.setattr(incidents, "execute_with_rows", loses_staged_rows)
    with pytest.raises(ImportAccountingError, match=r"read 1,848 but loaded 0 \+ updated 0 "
                                                    r"\+ unchanged 0 \+ rejected 0 = 0"):
        import_file(writer, "ucdp", ucdp_sample)
    assert table_counts(writer) == before


def test_an_insert_that_writes_fewer_rows_rolls_the_import_back(writer, ucdp_sample,
                                                                monkeypatch):
    real = incidents.named_sql

    def half_the_inserts(name):
        sql = real(name)
        inserts = ("import_insert_new", "import_insert_all")
        return sql + "\nWHERE row_number % 2 = 0" if name in inserts else sql

    monkeypatch.setattr(incidents, "named_sql", half_the_inserts)
    with pytest.raises(ImportAccountingError, match=r"read 1,848 but loaded 924 \+"):
        import_file(writer, "ucdp", ucdp_sample)
    assert table_counts(writer) == {"incidents": 0, "indicators": 0, "import_batches": 0,
                                    "rejected_rows": 0}


def test_indicator_imports_are_checked_too(writer, tmp_path, monkeypatch):
    path = tmp_path / "values.csv"
    path.write_text("iso3,year,indicator,value\nCAF,2020,gdp,1\nCAF,2021,gdp,2\n",
                    encoding="utf-8")
    monkeypatch.setattr(keyed, "execute_with_rows", lambda *_args, **_kwargs: None)
    with pytest.raises(ImportAccountingError, match="read 2 but loaded 0"):
        import_file(writer, "indicators", path)
    assert table_counts(writer)["import_batches"] == 0


def test_the_command_line_reports_it_in_one_line_and_exits_2(db_path, ucdp_sample, capsys,
                                                              monkeypatch):
    monkeypatch.setattr(incidents, "execute_with_rows", lambda *_args, **_kwargs: None)
    assert app.main(["import", "ucdp", str(ucdp_sample), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"atrisk import: {ucdp_sample.name}: import rolled back")


def test_a_file_of_new_changed_and_unchanged_rows_is_counted_and_merged(writer, ucdp_sample,
                                                                         tmp_path):
    with open(ucdp_sample, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))

    def write(path, part):
        with open(path, "w", newline="", encoding="utf-8") as f:
            out = csv.DictWriter(f, COLUMNS, extrasaction="ignore", lineterminator="\n")
            out.writeheader()
            out.writerows(part)
        return path

    first = import_file(writer, "ucdp", write(tmp_path / "first.csv", rows[:1000]))
    revised = [dict(row) for row in rows[500:1500]]
    for row in revised[:100]:
        row["best"] = str(int(row["best"]) + 1)
    revised.append(dict(revised[0]))  # a duplicate of a changed row: rejected
    second = import_file(writer, "ucdp", write(tmp_path / "second.csv", revised))
    assert (second.read, second.loaded, second.updated, second.unchanged, second.rejected) == (
        1001, 500, 100, 400, 1)
    assert writer.execute("SELECT count(*) FROM incidents").fetchone()[0] == 1500
    by_batch = dict(writer.execute(
        "SELECT batch_id, count(*) FROM incidents GROUP BY ALL").fetchall())
    assert by_batch == {first.batch_id: 900, second.batch_id: 600}
    changed = writer.execute("SELECT fatalities FROM incidents WHERE incident_id = ?",
                             [f"ucdp:{rows[500]['id']}"]).fetchone()[0]
    assert changed == int(rows[500]["best"]) + 1


def test_a_file_with_a_header_and_no_rows_is_an_empty_batch(writer, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
    summary = import_file(writer, "ucdp", path)
    assert (summary.read, summary.loaded, summary.rejected) == (0, 0, 0)
    assert table_counts(writer)["import_batches"] == 1
