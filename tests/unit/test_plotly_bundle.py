"""The app's plotly.js bundle (``assets/vendor/plotly-atrisk.min.js``) matches plotly.py's
plotly.js release and holds every trace type the dashboard draws: a figure with a trace
type the bundle lacks would draw nothing in the browser."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.graph_objects as go
import pytest
from plotly.basedatatypes import BaseTraceType
from plotly.offline import get_plotlyjs_version

from dashboard.build_plotly import (
    BUNDLE,
    OFFLINE_DEFAULTS,
    TRACES,
    bundled_traces,
    entry_source,
    header,
    offline,
)

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
# type="bar" in a figure dict, "type": "bar" in a JSON-like dict, go.Bar( in plotly.py
TRACE_TYPE = re.compile(r"""["']?type["']?\s*[=:]\s*["'](\w+)["']""")
GO_TRACE = re.compile(r"\bgo\.([A-Z]\w+)\(")


def plotly_trace_types() -> dict[str, str]:
    """plotly.py's trace classes by class name, with the trace type each draws."""
    classes = {name: getattr(go, name) for name in go.__all__}   # go imports them lazily
    return {name: cls().type for name, cls in classes.items()
            if isinstance(cls, type) and issubclass(cls, BaseTraceType)}


def traces_drawn_by_the_dashboard() -> set[str]:
    classes = plotly_trace_types()
    kinds = set(classes.values())
    found = set()
    for source in DASHBOARD.rglob("*.py"):
        text = source.read_text()
        found |= {t for t in TRACE_TYPE.findall(text) if t in kinds}
        found |= {classes[c] for c in GO_TRACE.findall(text) if c in classes}
    return found


def test_the_bundle_is_plotly_pys_release_of_plotly_js():
    version, _ = bundled_traces(BUNDLE.read_text())
    assert version == get_plotlyjs_version()


def test_the_bundle_holds_every_trace_type_the_dashboard_draws():
    _, bundled = bundled_traces(BUNDLE.read_text())
    drawn = traces_drawn_by_the_dashboard()
    assert {"choropleth", "scattergeo", "bar"} <= drawn   # the scan finds them
    assert drawn <= bundled, f"rebuild the bundle with {sorted(drawn - bundled)}"


def test_the_header_names_what_the_entry_registers():
    version, traces = bundled_traces(header("9.9.9") + "\nvar Plotly;")
    assert version == "9.9.9"
    assert traces == {"scatter", *TRACES}
    assert all(f"plotly.js/lib/{t}'" in entry_source() for t in TRACES)


def test_the_bundles_config_defaults_reach_no_internet_host():
    text = BUNDLE.read_text()
    assert not any(online in text for online in OFFLINE_DEFAULTS)
    assert all(local in text for local in OFFLINE_DEFAULTS.values())
    assert 'dflt:"https://' not in text


def test_a_default_the_build_cannot_find_stops_it():
    with pytest.raises(RuntimeError, match="not found once"):
        offline("var Plotly = {};")
