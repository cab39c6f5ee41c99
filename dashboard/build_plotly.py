"""Build ``assets/vendor/plotly-atrisk.min.js``: plotly.js with only the traces the app draws.

    python -m dashboard.build_plotly [--out FILE]

Dash would otherwise load the full ``plotly.min.js`` (4.8 MB, every trace type) when the
first graph mounts; parsing and running it took about 0.9 s of the overview's first load
in headless Chromium. The app's pages draw four trace types (:data:`TRACES`), so this
bundle is a third of the size, and as an asset it loads with the page's other scripts:
``dcc.Graph`` uses the ``window.Plotly`` it defines and never fetches the full file.

The script installs the plotly.js release that plotly.py bundles (the figures' schema and
the browser's library must agree) and esbuild from npm into a temporary directory, and
bundles ``plotly.js/lib/core`` with :data:`TRACES` as plotly.js's own custom-bundle task
does (``CUSTOM_BUNDLE.md``): one IIFE defining the global ``Plotly``. Its config defaults
that name internet hosts (:data:`OFFLINE_DEFAULTS`) are replaced, so a graph given no config
still never asks the internet for anything. The first line of the
output names the version and the traces; ``tests/unit/test_plotly_bundle.py`` checks them
against plotly.py and against the trace types the dashboard's code draws. Needs npm.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import tempfile
from pathlib import Path

from plotly.offline import get_plotlyjs_version

BUNDLE = Path(__file__).resolve().parent.parent / "assets" / "vendor" / "plotly-atrisk.min.js"
TRACES = ("bar", "choropleth", "scattergeo")  # scatter is in plotly.js's core
ESBUILD = "0.28.2"
# plotly.js's config defaults that reach internet hosts -> offline ones: the base maps the
# app serves (assets/topojson/), no chart-sending service or button, no link to plotly.com
OFFLINE_DEFAULTS = {
    'showSendToCloud:{valType:"boolean",dflt:!0': 'showSendToCloud:{valType:"boolean",dflt:!1',
    'displaylogo:{valType:"boolean",dflt:!0': 'displaylogo:{valType:"boolean",dflt:!1',
    'topojsonURL:{valType:"string",noBlank:!0,dflt:"https://cdn.plot.ly/un/"':
        'topojsonURL:{valType:"string",noBlank:!0,dflt:"/assets/topojson/"',
    'plotlyServerURL:{valType:"string",dflt:"https://cloud.plotly.com/newchart"':
        'plotlyServerURL:{valType:"string",dflt:""',
}


def header(version: str) -> str:
    """The bundle's first line: what it is, which traces, where it comes from."""
    traces = ", ".join(sorted({"scatter", *TRACES}))
    return (f"/*! plotly.js v{version} (MIT, (c) Plotly, Inc.), custom bundle; traces: "
            f"{traces}; built by dashboard/build_plotly.py */")


def bundled_traces(text: str) -> tuple[str, set[str]]:
    """The plotly.js version and the trace types named in a bundle's first line."""
    first = text.split("\n", 1)[0]
    version = first.split("plotly.js v", 1)[1].split(" ", 1)[0]
    traces = first.split("traces: ", 1)[1].split(";", 1)[0]
    return version, {name.strip() for name in traces.split(",")}


def offline(text: str) -> str:
    """``text`` with each of :data:`OFFLINE_DEFAULTS` replaced; a default not found exactly
    once (a new plotly.js wrote it differently) stops the build."""
    for online, local in OFFLINE_DEFAULTS.items():
        if text.count(online) != 1:
            raise RuntimeError(f"plotly.js config default not found once: {online!r}")
        text = text.replace(online, local)
    return text


def entry_source() -> str:
    """The esbuild entry: plotly.js's core with :data:`TRACES` registered."""
    required = ",\n".join(f"    require('plotly.js/lib/{name}')" for name in TRACES)
    return (f"var Plotly = require('plotly.js/lib/core');\n"
            f"Plotly.register([\n{required}\n]);\nmodule.exports = Plotly;\n")


def build(out: Path, version: str) -> str:
    """Install, bundle and write ``out``; returns its sha256."""
    with tempfile.TemporaryDirectory(prefix="plotly-bundle-") as tmp:
        work = Path(tmp)
        (work / "package.json").write_text(json.dumps({"name": "plotly-atrisk", "private": True}))
        (work / "entry.js").write_text(entry_source())
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts",
                        f"plotly.js@{version}", f"esbuild@{ESBUILD}"], cwd=work, check=True)
        built = work / "bundle.js"
        subprocess.run([str(work / "node_modules" / ".bin" / "esbuild"), "entry.js",
                        "--bundle", "--minify", "--format=iife", "--global-name=Plotly",
                        "--target=es2016", "--define:global=window",
                        "--define:define.amd=false",
                        "--loader:.css=empty",  # maplibre's CSS: no map traces here
                        "--legal-comments=eof", f"--outfile={built}"],
                       cwd=work, check=True)
        text = header(version) + "\n" + offline(built.read_text())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    return hashlib.sha256(text.encode()).hexdigest()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=BUNDLE, help="where to write the bundle")
    args = parser.parse_args(argv)
    version = get_plotlyjs_version()
    digest = build(args.out, version)
    print(f"{args.out}: plotly.js {version}, {args.out.stat().st_size:,} bytes, "
          f"sha256 {digest}")


if __name__ == "__main__":
    main()
