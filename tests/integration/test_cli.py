"""The command line: import summaries, one-line errors, exit codes, the default warehouse."""

from __future__ import annotations

import re
import subprocess
import sys

import duckdb

import app
from queries.schema import schema_files
from tests.conftest import ROOT


def test_import_prints_a_summary_and_exits_0(db_path, ucdp_sample, capsys):
    assert app.main(["import", "ucdp", str(ucdp_sample), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"read\s+1,848\n", out) and re.search(r"loaded\s+1,848\n", out)
    assert re.search(r"rejected\s+0\n", out)


def test_rejected_rows_are_shown_by_the_rejects_command(db_path, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,type_of_violence,latitude,longitude,date_start,best\n"
                   "1,3,4.36,18.58,2020-01-01,2\n2,3,400,18.58,2020-01-01,2\n",
                   encoding="utf-8")
    assert app.main(["import", "ucdp", str(bad), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"rejected\s+1\n", out) and "atrisk rejects 1" in out
    assert app.main(["rejects", "1", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "row 3: latitude: expected a number from -90 to 90, got '400'" in out


def test_missing_file_and_missing_column_are_one_line_and_exit_2(db_path, tmp_path, capsys):
    assert app.main(["import", "ucdp", str(tmp_path / "nope.csv"), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file" in err
    assert not db_path.exists()
    nolat = tmp_path / "nolat.csv"
    nolat.write_text("id,type_of_violence,longitude,date_start,best\n1,3,18,2020-01-01,2\n",
                     encoding="utf-8")
    assert app.main(["import", "ucdp", str(nolat), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (f"atrisk import: {nolat}: required column missing: latitude "
                           "(found: id, type_of_violence, longitude, date_start, best)")
    assert not db_path.exists()


def test_db_from_environment(tmp_path, ucdp_sample):
    target = tmp_path / "from_env.duckdb"
    result = subprocess.run([sys.executable, str(ROOT / "app.py"), "import", "ucdp",
                             str(ucdp_sample)], env={"ATRISK_DB": str(target),
                                                     "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert target.exists()


def test_serving_an_older_warehouse_applies_the_missing_migrations(db_path, writer):
    writer.execute("DROP TABLE admin1_overrides")
    writer.execute("DELETE FROM schema_version WHERE version = 3")
    writer.close()
    app.prepare_warehouse(db_path)
    con = duckdb.connect(str(db_path), read_only=True)
    versions = [v for (v,) in con.execute("SELECT version FROM schema_version ORDER BY 1")
                .fetchall()]
    assert versions == [version for version, _ in schema_files()]
    assert con.execute("SELECT count(*) FROM admin1_overrides").fetchone() == (0,)
    con.close()
