"""Exports rendered for real (kaleido + the system chromium) from a warehouse holding the
demo world and the real UCDP sample for the Central African Republic: sizes exact, images
not blank, SVG with the map's paths, PDFs with their pages and words, every export
audited, and nothing reaching the network."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar
from PIL import Image, ImageStat
from pypdf import PdfReader

from app import main
from dashboard.exports.context import DEMO_MARK
from dashboard.exports.errors import ExportError
from dashboard.exports.render import renderer
from dashboard.exports.snapshot import framed, snapshot
from dashboard.filters import parse_filters
from dashboard.layers import layers
from dashboard.maps import MapView, page_map
from queries.audit import recent_events
from queries.db import Warehouse
from queries.geography import admin1_geojson
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
CAF = {"from": "2013-01-01", "to": "2014-12-31"}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    from queries.analytics.refresh import refresh_analytics
    from queries.demo import build_demo
    from queries.importing.registry import import_file
    from queries.schema import connect_writer
    from tests.conftest import UCDP_SAMPLE

    path = tmp_path_factory.mktemp("exports") / "w.duckdb"
    con = connect_writer(path)
    build_demo(con, incidents=3_000, seed=7)
    import_file(con, "ucdp", UCDP_SAMPLE)
    refresh_analytics(con)
    con.close()
    return path


@pytest.fixture(scope="module")
def wh(db):
    warehouse = Warehouse(db)
    yield warehouse
    warehouse.close()


def view(wh, page="overview", query=None, iso3="", layer=""):
    return MapView(page, parse_filters(wh, query or {}, iso3).filter, layer)


def pixels(png: bytes) -> tuple[Image.Image, float, float]:
    """The image, the share of pixels that are not white, and the spread of grey levels."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    grey = image.convert("L")
    histogram = grey.histogram()
    not_white = 1 - sum(histogram[250:]) / (image.width * image.height)
    return image, not_white, ImageStat.Stat(grey).stddev[0]


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_overview_png_is_exactly_a_slide_and_shows_a_map(wh):
    made = snapshot(wh, view(wh), "png", "slide", "UN INTERNAL")
    image, not_white, spread = pixels(made.content)
    assert image.size == (1920, 1080)
    assert not_white > 0.3 and spread > 20, "the map is blank"
    # the choropleth's warm colours are there (red clearly above blue)
    rgb = np.asarray(image).astype(int)
    reds = int(((rgb[..., 0] > 200) & (rgb[..., 2] < 120)).sum())
    assert reds > 5_000
    assert made.filename.startswith("map_overview_incidents_") and made.mimetype == "image/png"


def test_country_png_at_a4_is_300_dpi(wh):
    made = snapshot(wh, view(wh, "country", CAF, "CAF"), "png", "a4-landscape", "UN INTERNAL")
    image, not_white, spread = pixels(made.content)
    assert image.size == (3508, 2480)
    assert not_white > 0.3 and spread > 20


def test_svg_holds_the_map_paths_and_the_words(wh):
    made = snapshot(wh, view(wh, "country", CAF, "CAF"), "svg", "slide", "UN INTERNAL")
    svg = made.content.decode()
    assert svg.startswith("<svg") and 'width="1920"' in svg
    regions = len(re.findall(r'class="choroplethlocation"', svg))
    shapes = admin1_geojson(wh, "CAF")["features"]
    assert regions == len(shapes) == 17, "Bangui and the 16 prefectures (Natural Earth)"
    assert len(re.findall(r"<path", svg)) > 300      # regions, coastlines, 647 points
    for words in ("Central African Republic: incidents by admin-1 region", "UN INTERNAL",
                  "UCDP Georeferenced Event Dataset", "Natural Earth"):
        assert words.replace("&", "&amp;") in svg
    assert DEMO_MARK not in svg, "2013-2014 holds only real UCDP events"


def test_demo_data_are_marked(wh):
    svg = snapshot(wh, view(wh), "svg", "slide", "").content.decode()
    assert DEMO_MARK in svg and "Synthetic demo data" in svg


def test_pdf_snapshot_is_one_a4_page_with_its_words(wh):
    made = snapshot(wh, view(wh, "country", CAF, "CAF"), "pdf", "a4-landscape", "UN INTERNAL")
    reader = PdfReader(io.BytesIO(made.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((841.9, 595.3), abs=1)
    text = reader.pages[0].extract_text()
    assert "Central African Republic" in text and "UN INTERNAL" in text and "UCDP" in text


def test_every_registered_layer_exports(wh):
    for key in layers():
        made = snapshot(wh, view(wh, layer=key), "svg", "slide")
        assert layers()[key].unit in made.content.decode(), key


def test_the_snapshot_is_the_pages_figure(wh):
    """The export frames exactly the map the page callback returns."""
    from dashboard.exports.context import export_context
    from dashboard.exports.snapshot import PRESETS

    v = view(wh, "country", CAF, "CAF")
    shown = page_map(wh, v)
    fig = framed(shown.figure(), shown, export_context(wh, v.filter, ""), PRESETS["slide"])
    assert [t["locations"] for t in fig["data"][:1]] == \
        [shown.figure()["data"][0]["locations"]]
    assert fig["data"][1]["lat"] == shown.figure()["data"][1]["lat"]


def test_briefing_pack_pages_and_words(wh):
    from dashboard.exports.briefing import briefing_pack

    steps = []
    made = briefing_pack(wh, parse_filters(wh, CAF, "CAF").filter, "UN INTERNAL",
                         progress=lambda fraction, message: steps.append(fraction))
    pages, text = pdf_text(made.content)
    assert pages == 8
    for words in ("Briefing pack", "Central African Republic", "UN INTERNAL", "Key messages",
                  "Page 1 of 8", "Page 8 of 8", "Rome Statute: State Party", "Situation",
                  "Trends", "Early warning", "Risk index (our model, not a UN score)",
                  "Top drivers", "Framework of Analysis", "trainings", "deadliest incidents",
                  "Sources and method", "UCDP Georeferenced Event Dataset", "Natural Earth",
                  "Bangui", "Analysts' notes and recommendations",
                  "Forecast for 2025:", "risk that a new mass killing begins that year",
                  "of 168", "rolling-origin backtest 1994-2024"):
        assert words in text, words
    assert "SYNTHETIC" not in text and "rome statute" not in text
    assert steps == sorted(steps) and steps[-1] == 1.0
    assert made.filename == "briefing_CAF_2013-01-01_2014-12-31.pdf"


def _characters(element):
    """Every printed (not blank) character of a pdfminer layout element."""
    if isinstance(element, LTChar):
        if element.get_text().strip():
            yield element
        return
    for child in getattr(element, "_objs", None) or []:
        yield from _characters(child)


def _clashes(page) -> list[tuple[str, str]]:
    """Pairs of characters printed over each other (boxes shrunk by a fifth, so that
    neighbours in a word or lines of a paragraph never count): a sweep along x."""
    boxes = []
    for c in _characters(page):
        dx, dy = (c.x1 - c.x0) / 5, (c.y1 - c.y0) / 5
        boxes.append(((c.x0 + dx, c.y0 + dy, c.x1 - dx, c.y1 - dy), c.get_text()))
    found, active = [], []
    for box, char in sorted(boxes):
        active = [(b, t) for b, t in active if b[2] > box[0]]
        found += [(t, char) for b, t in active if b[1] < box[3] and box[1] < b[3]]
        active.append((box, char))
    return found


def _outside(page) -> list[str]:
    return [c.get_text() for c in _characters(page) if c.x0 < page.x0 or c.y0 < page.y0
            or c.x1 > page.x1 or c.y1 > page.y1]


@pytest.fixture(scope="module")
def pack(wh):
    from dashboard.exports.briefing import briefing_pack

    return briefing_pack(wh, parse_filters(wh, {"from": "2012-01-01", "to": "2026-10-31"},
                                           "CAF").filter, "UN INTERNAL")


def test_briefing_pack_text_never_overprints_or_leaves_the_page(pack):
    pages = list(extract_pages(io.BytesIO(pack.content)))
    assert len(pages) >= 7
    for number, page in enumerate(pages, start=1):
        assert _clashes(page) == [], f"page {number}: text printed over text"
        assert _outside(page) == [], f"page {number}: text off the page"


def test_the_overprint_check_can_fail():
    """Two strings drawn at the same place are caught."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(100, 100, "crimes against humanity")
    canvas.drawString(130, 100, "present")
    canvas.drawString(-20, 300, "off the page")
    canvas.save()
    page = next(extract_pages(io.BytesIO(out.getvalue())))
    assert _clashes(page) and _outside(page)


def test_briefing_pack_metadata_and_every_page_marked(pack):
    reader = PdfReader(io.BytesIO(pack.content))
    meta = reader.metadata
    assert meta.title == "Briefing pack: Central African Republic"
    assert meta.author == "Atrocity Risk Monitor"
    assert meta.subject.startswith("Central African Republic: 1 Jan 2012 – 31 Oct 2026")
    keywords = meta["/Keywords"]
    assert "UN INTERNAL" in keywords and DEMO_MARK in keywords
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert text.count("UN INTERNAL") >= 2 and DEMO_MARK in text, number
        assert f"Page {number} of {len(reader.pages)}" in text


def test_briefing_pack_as_docx_has_the_headings_and_marks(wh):
    from docx import Document

    from dashboard.exports.briefing import briefing_pack

    made = briefing_pack(wh, parse_filters(wh, CAF, "CAF").filter, "UN INTERNAL", fmt="docx")
    assert made.filename == "briefing_CAF_2013-01-01_2014-12-31.docx"
    doc = Document(io.BytesIO(made.content))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    for heading in ("Central African Republic", "Key messages", "Situation", "Trends",
                    "Early warning", "Framework of Analysis for Atrocity Crimes",
                    "Prevention capacity", "Analysts' notes and recommendations",
                    "Sources and method"):
        assert heading in headings, heading
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == "UN INTERNAL"
    assert section.footer.paragraphs[0].text == "UN INTERNAL"
    assert doc.core_properties.author == "Atrocity Risk Monitor"
    assert len(doc.inline_shapes) == 5   # map, two trends, the forecast, risk factors
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert "647 incidents" in cells


def test_sitrep_has_a_summary_then_a_page_per_country(wh):
    from dashboard.exports.sitrep import Selection, sitrep, sitrep_countries

    f = parse_filters(wh, CAF).filter
    chosen = Selection(region="Middle Africa", top=3)
    countries = sitrep_countries(wh, chosen, f.date_to)
    assert len(countries) == 3 and "CAF" in sitrep_countries(wh, Selection("middle africa"),
                                                               f.date_to)
    steps = []
    made = sitrep(wh, f, chosen, "UN INTERNAL",
                  progress=lambda fraction, message: steps.append(message))
    reader = PdfReader(io.BytesIO(made.content))
    assert reader.metadata.title == "Situation report: Middle Africa, top 3 by forecast risk"
    summary = reader.pages[0].extract_text()
    assert "Forecast or risk index (rank)" in summary and "Page 1 of" in summary
    names = [wh.arrow("country_name", iso3=c).column("name")[0].as_py() for c in countries]
    for name in names:
        assert name.split()[0] in summary
    headings = [p.extract_text().split("\n")[0] for p in reader.pages[1:]]
    assert [h for h in headings if h in names] == names, "one page per country, in rank order"
    assert all("UN INTERNAL" in p.extract_text() for p in reader.pages)
    assert steps[:3] == ["Country 1 of 3", "Country 2 of 3", "Country 3 of 3"]
    assert made.filename == \
        "sitrep_middle_africa__top_3_by_forecast_risk_2013-01-01_2014-12-31.pdf"


def test_cli_sitrep_of_an_organisations_members_as_docx(db, tmp_path):
    from docx import Document

    out = tmp_path / "sitrep.docx"
    assert main(["export", "sitrep", "--db", str(db), "--org", "eccas", "--top", "2",
                 "--from", "2013-01-01", "--to", "2014-12-31", "--format", "docx",
                 "--out", str(out)]) == 0
    doc = Document(out)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) == 2
    assert doc.sections[0].header.paragraphs[0].text.startswith("UNCLASSIFIED")
    assert doc.sections[0].footer.paragraphs[0].text.startswith("UNCLASSIFIED")
    assert main(["export", "sitrep", "--db", str(db), "--org", "nothing", "--out",
                 str(tmp_path / "none.pdf")]) == 2


def test_routes_serve_and_audit_exports(db):
    from dashboard import create_app
    from dashboard.settings import Settings

    app = create_app(Settings(db=db, classification="UN INTERNAL"))
    client = app.server.test_client()
    url = "/export/snapshot?page=country&iso3=CAF&from=2013-01-01&to=2014-12-31"
    answer = client.get(url + "&format=pdf&size=a4-landscape")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert 'filename="map_country_CAF_2013-01-01_2014-12-31.pdf"' in \
        answer.headers["Content-Disposition"]
    event = recent_events(db, "export.")[0]
    assert event.action == "export.snapshot" and event.remote_addr == "127.0.0.1"
    assert event.detail["iso3"] == "CAF" and event.detail["format"] == "pdf"
    assert event.detail["from"] == "2013-01-01" and event.detail["bytes"] == len(answer.data)
    assert client.get(url + "&format=gif").status_code == 400
    assert client.get("/export/snapshot?page=country&iso3=XXX").status_code == 404
    hostile = client.get("/export/snapshot?format=svg&from=2013-01-01';DROP&layer=<x>")
    assert hostile.status_code == 200   # bad values are ignored like on the page
    assert client.get("/export/briefing/not-a-job").status_code == 404
    app.server.config["WAREHOUSE"].close()


def test_nothing_in_a_rendered_figure_points_at_the_network(wh):
    from dashboard.exports.context import export_context
    from dashboard.exports.snapshot import PRESETS

    for v in (view(wh), view(wh, "country", CAF, "CAF")):
        shown = page_map(wh, v)
        fig = framed(shown.figure(), shown, export_context(wh, v.filter, ""),
                     PRESETS["slide"])
        assert not re.search(r"https?://", json.dumps(fig))
    svg = snapshot(wh, view(wh), "svg", "slide").content.decode()
    urls = set(re.findall(r"https?://[^\"' )]+", svg))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


@pytest.mark.skipif(not shutil.which("unshare"), reason="needs unshare (util-linux)")
def test_export_works_with_no_network_at_all(db, tmp_path):
    """The command line in a network namespace of its own (no interface but loopback):
    a CDN topojson or MathJax fetch would fail the render."""
    if subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode != 0:
        pytest.skip("user namespaces are not available here")
    out = tmp_path / "offline.png"
    done = subprocess.run(
        ["unshare", "-rn", sys.executable, str(ROOT / "app.py"), "export", "snapshot",
         "--db", str(db), "--page", "country", "--iso3", "CAF", "--from", "2013-01-01",
         "--to", "2014-12-31", "--format", "png", "--out", str(out)],
        capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    image, not_white, _spread = pixels(out.read_bytes())
    assert image.size == (1920, 1080) and not_white > 0.3


def test_cli_writes_a_snapshot_and_a_briefing_and_audits_them(db, tmp_path, capsys):
    png, pdf = tmp_path / "map.png", tmp_path / "pack.pdf"
    assert main(["export", "snapshot", "--db", str(db), "--page", "overview",
                 "--layer", "fatalities", "--format", "png", "--size", "a4-landscape",
                 "--out", str(png)]) == 0
    assert Image.open(png).size == (3508, 2480)
    assert main(["export", "briefing", "--db", str(db), "--iso3", "caf", "--from",
                 "2013-01-01", "--to", "2014-12-31", "--out", str(pdf)]) == 0
    pages, text = pdf_text(pdf.read_bytes())
    assert pages == 8 and "Central African Republic" in text
    actions = [(e.action, e.detail.get("out")) for e in recent_events(db, "export.", 2)]
    assert actions == [("export.briefing", str(pdf)), ("export.snapshot", str(png))]
    assert str(pdf) in capsys.readouterr().out


def test_cli_bad_input_is_one_line_and_exit_2(db, tmp_path, capsys):
    out = tmp_path / "x.svg"
    for args in (["--from", "2013-13-01"], ["--page", "country"], ["--layer", "nope"],
                 ["--page", "country", "--iso3", "XXX"]):
        assert main(["export", "snapshot", "--db", str(db), "--format", "svg",
                     "--out", str(out), *args]) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("atrisk export: ") and err.count("\n") == 1, err
    assert not out.exists()


def test_cli_without_chromium_says_how_to_install_it(db, tmp_path, monkeypatch, capsys):
    renderer().close()                     # the warm browser would not look again
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    assert main(["export", "snapshot", "--db", str(db), "--format", "png",
                 "--out", str(tmp_path / "x.png")]) == 2
    assert capsys.readouterr().err == (
        "atrisk export: no Chromium found: install it with `apt-get install chromium` "
        "or set BROWSER_PATH\n")
    monkeypatch.undo()
    with pytest.raises(ExportError):       # and the page's route gets the same error type
        monkeypatch.setenv("PATH", str(tmp_path))
        renderer().render({"data": [], "layout": {}}, "png", 10, 10)


def test_a_pack_for_a_window_without_incidents_still_renders(wh):
    from dashboard.exports.briefing import briefing_pack

    quiet = parse_filters(wh, {"from": "1950-01-01", "to": "1950-12-31"}, "CAF",
                          snap=False).filter
    made = briefing_pack(wh, quiet, "UN INTERNAL")
    pages, text = pdf_text(made.content)
    assert pages >= 3 and "No incidents in this window" in text
