"""The app starts and answers: factory with test settings, and the real `serve` command."""

from __future__ import annotations

import gzip
import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from types import SimpleNamespace

import pytest

from dashboard import factory
from dashboard.factory import create_app
from dashboard.settings import Settings
from tests.conftest import ROOT, copy_warehouse, page_module


def text_of(component) -> str:
    """All the text a Dash component tree shows."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


@pytest.fixture
def ucdp_warehouse(caf_warehouse, db_path):
    return copy_warehouse(caf_warehouse, db_path)


def test_factory_serves_health_shell_and_holdings(ucdp_warehouse):
    app = create_app(Settings(db=ucdp_warehouse, classification="UN INTERNAL"))
    client = app.server.test_client()
    assert client.get("/health").get_json() == {"status": "ok"}
    shell = client.get("/")
    assert shell.status_code == 200 and b"Atrocity Risk Monitor" in shell.data
    layout = json.loads(client.get("/_dash-layout").data)
    assert "UN INTERNAL" in json.dumps(layout)
    data = page_module(app, "data")

    with app.server.app_context():
        page = text_of(data.layout())
    assert "ucdp" in page and "1,848" in page and "1991-" in page
    assert "No synthetic demo data" in page


def test_pages_load_regenerator_runtime_instead_of_the_babel_polyfill(ucdp_warehouse):
    app = create_app(Settings(db=ucdp_warehouse))
    page = app.server.test_client().get("/country/CAF").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert any("/deps/react@" in src for src in scripts)          # Dash's deps are there
    assert not any("polyfill" in src for src in scripts)
    runtime = next(i for i, src in enumerate(scripts) if "vendor/regenerator-runtime" in src)
    assert runtime < next(i for i, src in enumerate(scripts) if "dash_renderer" in src)


def test_pages_name_dash_ag_grid_script_for_later_instead_of_running_it(ucdp_warehouse):
    client = create_app(Settings(db=ucdp_warehouse)).server.test_client()
    page = client.get("/country/CAF").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert not any("dash_ag_grid" in src for src in scripts)
    assert any("/assets/lazy_ag_grid.js" in src for src in scripts)     # the stand-in
    later = re.findall(r'<link rel="prefetch" as="script" href="([^"]+)" '
                       r'data-lazy-namespace="dash_ag_grid">', page)
    assert len(later) == 1 and "/dash_ag_grid/dash_ag_grid." in later[0]
    script = client.get(later[0])
    assert script.status_code == 200 and b"AgGrid" in script.data


def test_every_page_has_the_country_names_for_its_search_box_as_plain_html(ucdp_warehouse):
    client = create_app(Settings(db=ucdp_warehouse)).server.test_client()
    page = client.get("/watchlist").get_data(as_text=True)
    names = re.findall(r'<option value="([^"]*)"></option>', page)
    assert len(names) > 200 and "Central African Republic" in names
    layout = json.dumps(client.get("/_dash-layout").get_json())
    assert '"list": "country-names"' in layout
    assert '"type": "Option"' not in layout      # not one Dash component per name


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_builds_the_demo_warehouse_when_missing_and_answers(tmp_path):
    port = free_port()
    db = tmp_path / "fresh" / "monitor.duckdb"
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "serve", "--db", str(db),
                             "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        body = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    body = json.loads(r.read())
                    break
            except OSError:
                time.sleep(0.5)
        assert body == {"status": "ok"}, proc.stdout.read() if proc.poll() is not None else ""
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert r.status == 200
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0]
    assert "Building the demo warehouse" in output and "synthetic" in output
    assert db.exists()


def test_the_apps_own_assets_are_compressed_at_start_not_by_their_first_request(
        ucdp_warehouse, monkeypatch):
    client = create_app(Settings(db=ucdp_warehouse)).server.test_client()
    for started in threading.enumerate():
        if started.name == "compress-assets":
            started.join(timeout=30)

    def no_compressing(*_args, **_kwargs):
        raise AssertionError("compressed by the request")
    monkeypatch.setattr(factory, "gzip", SimpleNamespace(compress=no_compressing))
    bundle = client.get("/assets/vendor/plotly-atrisk.min.js",
                        headers={"Accept-Encoding": "gzip"})
    assert bundle.status_code == 200 and bundle.headers["Content-Encoding"] == "gzip"
    on_disk = (ROOT / "assets" / "vendor" / "plotly-atrisk.min.js").read_bytes()
    assert gzip.decompress(bundle.data) == on_disk


def test_static_files_and_answers_are_compressed_when_the_browser_accepts_it(ucdp_warehouse):
    client = create_app(Settings(db=ucdp_warehouse)).server.test_client()
    accepts_gzip = {"Accept-Encoding": "gzip, deflate"}
    topojson = client.get("/assets/topojson/world_50m.json", headers=accepts_gzip)
    assert topojson.headers["Content-Encoding"] == "gzip"
    assert len(topojson.data) < 400_000          # 1.1 MB as plain JSON
    plain = client.get("/assets/topojson/world_50m.json")
    assert "Content-Encoding" not in plain.headers and len(plain.data) > 1_000_000
