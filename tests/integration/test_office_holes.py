"""The holes found when the app was run for an office (issue 14): formulas in CSVs,
out-of-range numbers, leading white space kept by the importer."""

from __future__ import annotations

import csv
import errno
import io
import subprocess
import sys

import duckdb

import app
from dashboard import create_app
from dashboard.settings import Settings
from queries import audit, versions
from queries.analytics.refresh import analytics_stale
from queries.errors import WarehouseError
from queries.importing import native
from queries.importing.registry import import_file
from queries.schema import connect_writer
from tests.conftest import ROOT
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


# --- atrisk import: exit codes and I/O errors ------------------------------------------------

def small_file(tmp_path, n: int = 3):
    rows = [native_row(str(k), fatalities="1") for k in range(n)]
    return write_dicts(tmp_path / "small.csv", rows, native.COLUMNS)


def stored_incidents(db) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM incidents").fetchone()[0]


def test_an_import_whose_output_pipe_is_closed_is_committed_refreshed_audited_exit_3(
        db_path, tmp_path):
    command = (f"set -o pipefail; {sys.executable} {ROOT / 'app.py'} import incidents "
               f"{small_file(tmp_path)} --db {db_path} | true")
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True,
                            cwd=ROOT, check=False)
    assert result.returncode == app.EXIT_COMMITTED_BUT, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "was imported and published, but the summary could not be printed" in result.stderr
    assert stored_incidents(db_path) == 3
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert not analytics_stale(con)
    (event,) = audit.recent_events(db_path, "import.cli")
    assert event.detail["file"].endswith("small.csv")


def test_an_audit_log_that_cannot_be_written_after_the_commit_exits_3_and_catches_up(
        db_path, tmp_path, monkeypatch, capsys):
    def disk_full(*_args, **_kwargs):
        raise WarehouseError("audit.duckdb: No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(audit, "record_event", disk_full)
        code = app.main(["import", "incidents", str(small_file(tmp_path)), "--db",
                         str(db_path)])
    err = capsys.readouterr().err
    assert code == app.EXIT_COMMITTED_BUT and err.count("\n") == 1
    assert "audit event waits to be recorded on the next start" in err
    assert stored_incidents(db_path) == 3 and audit.recent_events(db_path, "import.") == []
    assert app.main(["users", "list", "--db", str(db_path)]) == 0   # the next start
    (event,) = audit.recent_events(db_path, "import.cli")
    assert any("loaded" in line for line in event.detail["summary"])
    assert list(audit.spool_path(db_path).iterdir()) == []


def test_a_full_disk_during_the_import_is_one_line_exit_2_and_nothing_changes(
        db_path, tmp_path, monkeypatch, capsys):
    from queries.analytics import refresh

    assert app.main(["import", "incidents", str(small_file(tmp_path, 2)), "--db",
                     str(db_path)]) == 0
    capsys.readouterr()

    def no_space(_con):
        raise duckdb.IOException("IO Error: could not write file: No space left on device")

    monkeypatch.setattr(refresh, "refresh_analytics", no_space)
    assert app.main(["import", "incidents", str(small_file(tmp_path, 5)), "--db",
                     str(db_path)]) == app.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nothing was changed" in err and "No space left" in err
    monkeypatch.setattr(versions.shutil, "copyfile", _enospc)
    assert app.main(["import", "incidents", str(small_file(tmp_path, 5)), "--db",
                     str(db_path)]) == app.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err
    assert stored_incidents(db_path) == 2
    assert len(list(versions.versions_dir(db_path).iterdir())) == 1
    assert len(audit.recent_events(db_path, "import.cli")) == 1


def _enospc(*_args):
    raise OSError(errno.ENOSPC, "No space left on device")


# --- the server's edges ----------------------------------------------------------------------

def test_malformed_bundle_paths_are_404_without_a_traceback(db_path, caplog):
    connect_writer(db_path).close()
    app = create_app(Settings(db=db_path))
    client = app.server.test_client()
    for url in ("/_dash-component-suites/dash/deps/..%2f..%2f__init__.py",
                "/_dash-component-suites/..%2f..%2fapp.py",
                "/_dash-component-suites/dash/..%2f..%2f..%2fetc/passwd"):
        answer = client.get(url)
        assert answer.status_code == 404, url
        assert b"Traceback" not in answer.data and b"registered" not in answer.data
    assert "Traceback" not in caplog.text and "DependencyException" not in caplog.text
    app.server.config["WAREHOUSE"].close()


def test_uploads_left_by_a_crash_are_removed_when_the_server_starts(db_path, monkeypatch):
    from dashboard import server, uploads

    connect_writer(db_path).close()
    leftover = uploads.upload_dir(db_path) / "atrisk-upload-crashed"
    leftover.mkdir(parents=True)
    (leftover / "partner.csv").write_text("secret,rows\n", encoding="utf-8")
    monkeypatch.setattr(server, "serve", lambda settings, announce: None)
    assert app.main(["serve", "--db", str(db_path)]) == 0
    assert list(uploads.upload_dir(db_path).iterdir()) == []


def test_behind_a_proxy_the_throttle_and_the_audit_log_see_the_client(db_path):
    from dashboard.server import wsgi_app
    from queries import users

    connect_writer(db_path).close()
    users.add_user(db_path, "vic", "viewer", "correct horse battery")
    server = wsgi_app(Settings(db=db_path, auth=True, secret_key="k" * 40, proxies=1))
    client = server.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.2"          # the proxy
    for _ in range(5):
        client.post("/login", data={"username": "vic", "password": "wrong"},
                    headers={"X-Forwarded-For": "203.0.113.7"})
    throttled = client.post("/login", data={"username": "vic", "password": "x"},
                            headers={"X-Forwarded-For": "203.0.113.7"})
    assert throttled.status_code == 429
    other = client.post("/login", data={"username": "vic", "password": "correct horse battery"},
                        headers={"X-Forwarded-For": "198.51.100.9"})
    assert other.status_code == 302          # another client behind the same proxy
    addresses = {e.remote_addr for e in audit.recent_events(db_path, "login.")}
    assert addresses == {"203.0.113.7", "198.51.100.9"}
    server.config["WAREHOUSE"].close()
