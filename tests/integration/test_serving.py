"""`atrisk serve` for an office: two app processes (waitress; one with two workers) on one
warehouse folder, with the shared state embedded (SQLite sidecar) or in Redis (Debian's
redis-server, started here on a loopback port): a sign-out on one is honoured by the
other, throttling counts across both, an import published while they serve is served by
both. Loopback only, every wait bounded."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from queries import users
from queries.importing import native
from queries.importing.registry import import_file
from tests.conftest import ROOT
from tests.integration.test_import_formats import write_dicts

PASSWORD = "correct horse battery"
SECRET = "a-test-secret-shared-by-both-nodes"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (requests.ConnectionError, ConnectionError, OSError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {timeout_s} s")


@pytest.fixture
def redis_url():
    """A redis-server of its own on a loopback port, stopped afterwards."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is missing: apt-get install redis-server (.ci/run does)")
    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: socket.create_connection(("127.0.0.1", port), 0.2).close() is None,
                 10, "redis-server answering")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def incidents_file(tmp_path, source: str, n: int):
    rows = [{"source": source, "source_id": str(k), "event_date": "2024-04-05",
             "latitude": "4.3667", "longitude": "18.5833", "category": "other"}
            for k in range(n)]
    return write_dicts(tmp_path / f"{source}.csv", rows, native.COLUMNS)


@pytest.fixture
def warehouse(tmp_path, new_writer):
    db = tmp_path / "var" / "monitor.duckdb"
    con = new_writer(db)
    import_file(con, "incidents", incidents_file(tmp_path, "first", 3))
    con.close()
    for name, role in (("ann", "analyst"), ("vic", "viewer")):
        users.add_user(db, name, role, PASSWORD)
    return db


def start_node(db, port: int, env: dict, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "serve", "--db", str(db), "--port", str(port),
         "--auth", "--threads", "4", *extra],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def stop_node(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGTERM)
    try:
        out, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    return out


def sign_in(base: str, name: str, password: str = PASSWORD) -> requests.Response:
    return requests.post(f"{base}/login", data={"username": name, "password": password},
                         allow_redirects=False, timeout=10)


def sources_served(base: str, cookies) -> set[str]:
    answer = requests.get(f"{base}/download/incidents.csv?from=2024-01-01&to=2024-12-31",
                          cookies=cookies, timeout=30)
    assert answer.status_code == 200
    return {row["source"] for row in csv.DictReader(io.StringIO(answer.text))}


@pytest.mark.slow
@pytest.mark.parametrize("shared", ["embedded", "redis"])
def test_two_nodes_share_sign_out_throttling_and_published_imports(
        shared, warehouse, tmp_path, request):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATRISK_")}
    env["ATRISK_SECRET_KEY"] = SECRET
    if shared == "redis":
        env["ATRISK_REDIS_URL"] = request.getfixturevalue("redis_url")
    ports = free_port(), free_port()
    nodes = [start_node(warehouse, ports[0], env, "--workers", "2"),
             start_node(warehouse, ports[1], env)]
    a, b = (f"http://127.0.0.1:{port}" for port in ports)
    try:
        for base in (a, b):
            wait_for(lambda base=base: requests.get(f"{base}/health", timeout=2).ok, 90,
                     f"{base} serving")
        assert requests.get(f"{a}/health", timeout=5).headers["Server"] == "atrisk"

        signed = sign_in(a, "vic")
        assert signed.status_code == 302
        cookies = signed.cookies
        assert requests.get(f"{b}/_dash-layout", cookies=cookies, timeout=10).ok
        requests.post(f"{a}/logout", cookies=cookies, allow_redirects=False, timeout=10)
        for base in (a, b):
            assert requests.get(f"{base}/_dash-layout", cookies=cookies,
                                timeout=10).status_code == 401

        codes = [sign_in(base, "ann", "wrong").status_code for base in (a, b, a, b, a)]
        assert codes == [401] * 5
        assert sign_in(b, "ann").status_code == 429   # five across both nodes
        viewer = sign_in(a, "vic").cookies
        assert sources_served(a, viewer) == sources_served(b, viewer) == {"first"}

        imported = subprocess.run(
            [sys.executable, str(ROOT / "app.py"), "import", "incidents",
             str(incidents_file(tmp_path, "second", 4)), "--db", str(warehouse)],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
        assert imported.returncode == 0, imported.stderr
        for base in (a, b, a, b):
            assert sources_served(base, viewer) == {"first", "second"}
    finally:
        logs = [stop_node(node) for node in nodes]
        print(*logs, sep="\n\n")   # shown by pytest when the test fails
    assert all(node.returncode == 0 for node in nodes), logs
    tracebacks = [log[log.index("Traceback"):] for log in logs if "Traceback" in log]
    assert not tracebacks, "\n\n".join(tracebacks)
