"""Export pieces that need no browser: presets, framing, filter text, browser lookup,
the briefing job registry."""

from __future__ import annotations

import io
import json
import threading
import time
from datetime import UTC, date, datetime

import pandas as pd
import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from dashboard.exports.context import DEMO_MARK, ExportContext, filter_text
from dashboard.exports.errors import ExportError
from dashboard.exports.jobs import JobRegistry
from dashboard.exports.render import NO_CHROMIUM, TOPOJSON_URL, Renderer, find_browser
from dashboard.exports.snapshot import PRESETS, ExportFile, framed, titled_pdf
from dashboard.figures import world_map
from dashboard.layers import layer
from dashboard.maps import MapView, PageMap
from dashboard.state import SqliteState
from queries.incidents import IncidentFilter

F = IncidentFilter(date(2013, 1, 1), date(2014, 12, 31), ("sexual_violence",), "ucdp")


def _shown() -> PageMap:
    frame = pd.DataFrame({"iso3": ["CAF", "COD"], "name": ["CAR", "DRC"],
                          "incidents": [10, 4], "fatalities": [30, 2],
                          "civilian_fatalities": [5, 1]})
    chosen = layer("incidents")
    return PageMap(MapView("overview", F, "incidents"), "incidents", "World situation",
                   "Colour: incidents.", "", "w",
                   lambda: world_map(frame, chosen, "w"), lambda: None)


def _ctx(demo: bool, classification: str = "UN INTERNAL") -> ExportContext:
    return ExportContext("1 Jan 2013 – 31 Dec 2014 · All sources", ("UCDP ...", "Boundaries"),
                         date(2022, 12, 30), datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
                         classification, demo)


def test_presets_give_exact_sizes():
    slide, a4 = PRESETS["slide"], PRESETS["a4-landscape"]
    assert (slide.width * slide.png_scale, slide.height * slide.png_scale) == (1920, 1080)
    assert (a4.width * a4.png_scale, a4.height * a4.png_scale) == (3508, 2480)  # 300 dpi
    # A4 is 841.89 x 595.28 pt; kaleido's PDF page is 0.75 pt per CSS pixel times scale
    assert a4.width * 0.75 * a4.pdf_scale == pytest.approx(841.89, abs=0.5)
    assert a4.height * 0.75 * a4.pdf_scale == pytest.approx(595.28, abs=0.5)


def test_framing_adds_title_filters_sources_classification_and_demo_mark():
    shown = _shown()
    page_figure = shown.figure()
    before = json.dumps(page_figure)
    fig = framed(page_figure, shown, _ctx(demo=True), PRESETS["slide"])
    assert json.dumps(page_figure) == before, "the page's figure must not change"
    for ours, theirs in zip(fig["data"], page_figure["data"], strict=True):
        ours, theirs = dict(ours), dict(theirs)   # only the legend's size may differ
        assert ours.pop("colorbar")["title"] == theirs.pop("colorbar")["title"]
        assert ours == theirs, "the map itself is the page's"
    layout = fig["layout"]
    assert (layout["width"], layout["height"]) == (1920, 1080)
    assert "World situation" in layout["title"]["text"]
    assert layout["title"]["subtitle"]["text"].startswith("1 Jan 2013 – 31 Dec 2014")
    texts = [a["text"] for a in layout["annotations"]]
    assert sum("UN INTERNAL" in t for t in texts) == 2          # top and bottom
    assert any(DEMO_MARK in t for t in texts)
    assert any(t.startswith("Sources: UCDP") for t in texts)
    assert any("Data as of 30 Dec 2022" in t and "Made 2 Jan 2026 03:04 UTC" in t
               for t in texts)


def test_a_long_legend_is_wrapped_and_the_footer_stays_above_the_page_edge():
    """Plotly annotations never wrap: a long legend ran off the right of the page."""
    long = PageMap(_shown().view, "hotspots", "World situation", "Colour: " + "word " * 120,
                   "", "w", _shown().build, lambda: None)
    for preset in PRESETS.values():
        fig = framed(long.figure(), long, _ctx(demo=True), preset)
        layout = fig["layout"]
        footer = [a for a in layout["annotations"] if a.get("yanchor") == "top"
                  and a["y"] < 0 and a["xanchor"] == "left"]
        assert len(footer) >= 3 + 3        # the legend on 3 lines or more, 2 sources, dates
        width = max(len(a["text"]) for a in footer) * 8 * preset.height / 1080
        assert width < preset.width - 60 * preset.height / 1080
        plot_h = preset.height - layout["margin"]["t"] - layout["margin"]["b"]
        lowest = max(-a["y"] * plot_h for a in footer) + 24 * preset.height / 1080
        assert lowest < layout["margin"]["b"], "the last line stays above the page edge"


def test_snapshot_pdf_gets_the_maps_title_and_the_classification():
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.setTitle("Kaleido-fier")
    canvas.drawString(100, 100, "a map")
    canvas.save()
    meta = PdfReader(io.BytesIO(titled_pdf(out.getvalue(), "World situation",
                                           _ctx(demo=True)))).metadata
    assert meta.title == "World situation" and meta.author == "Atrocity Risk Monitor"
    assert meta.subject == "1 Jan 2013 – 31 Dec 2014 · All sources"
    assert meta["/Keywords"] == f"UN INTERNAL, {DEMO_MARK}, map snapshot"


def test_warm_up_returns_at_once_and_leaves_a_failure_to_the_export(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    fresh = Renderer()
    started = time.perf_counter()
    fresh.warm_up()
    assert time.perf_counter() - started < 0.5
    for thread in threading.enumerate():
        if thread.name == "export-warm-up":
            thread.join(10)
    assert not fresh.warm
    with pytest.raises(ExportError, match="no Chromium found"):
        fresh.render({"data": [], "layout": {}}, "png", 10, 10)


def test_no_demo_mark_and_no_empty_classification_for_real_data():
    fig = framed(_shown().figure(), _shown(), _ctx(demo=False, classification=""),
                 PRESETS["a4-landscape"])
    texts = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert "DEMO" not in texts and "<b></b>" not in texts


def test_filter_text_names_every_filter():
    text = filter_text(IncidentFilter(date(2013, 1, 1), date(2014, 12, 31),
                                      ("sexual_violence",), "ucdp", "CAF", "CAF-1460"),
                       "Ouham")
    assert text.startswith("1 Jan 2013 – 31 Dec 2014 · Categories: Sexual violence")
    assert "Source: ucdp" in text and "Region: Ouham" in text


def test_topojson_is_a_local_file_url():
    assert TOPOJSON_URL.startswith("file:///") and TOPOJSON_URL.endswith("/assets/topojson/")


def test_missing_chromium_is_one_clear_message(tmp_path):
    with pytest.raises(ExportError) as error:
        find_browser({"PATH": str(tmp_path)})
    assert str(error.value) == NO_CHROMIUM
    assert "apt-get install chromium" in NO_CHROMIUM and "BROWSER_PATH" in NO_CHROMIUM
    with pytest.raises(ExportError, match="BROWSER_PATH='/nope'"):
        find_browser({"BROWSER_PATH": "/nope", "PATH": ""})


def test_browser_path_wins_over_path(tmp_path):
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert find_browser({"BROWSER_PATH": str(fake), "PATH": ""}) == str(fake)


def _wait(registry: JobRegistry, job_id: str):
    for _ in range(200):
        status = registry.status(job_id)
        if status.state in ("done", "failed"):
            return status
        time.sleep(0.01)
    raise AssertionError("job did not finish")


def registry_in(tmp_path) -> JobRegistry:
    return JobRegistry(SqliteState(tmp_path / "state.sqlite"), tmp_path / "exports")


def test_jobs_report_progress_and_keep_their_file_for_their_owner(tmp_path):
    registry = registry_in(tmp_path)
    seen = []
    started = threading.Event()

    def work(progress):
        started.wait(5)
        progress(0.5, "half")
        seen.append(registry.status(job_id).fraction)
        return ExportFile(b"%PDF", "b.pdf", "application/pdf", {})

    job_id = registry.submit(work, "ann")
    started.set()
    status = _wait(registry, job_id)
    assert status.state == "done" and status.fraction == 1.0 and seen == [0.5]
    assert registry.file(job_id, "ann").content == b"%PDF"
    assert registry.file(job_id, "vic") is None and registry.status(job_id, "vic") is None
    assert registry.status("unknown") is None and registry.file("unknown", "ann") is None


def test_a_failed_job_says_why(tmp_path):
    registry = registry_in(tmp_path)

    def work(_progress):
        raise ExportError("no Chromium found")

    status = _wait(registry, registry.submit(work, None))
    assert status.state == "failed" and status.error == "no Chromium found"
