"""Map snapshots: the page's own map figure (from :func:`dashboard.maps.page_map`), framed
with a title, the filters, the legend, the sources, the classification line and the demo
mark, rendered to PNG, SVG or PDF at a named size."""

from __future__ import annotations

import copy
import io
import textwrap
from dataclasses import dataclass
from datetime import datetime

from pypdf import PdfReader, PdfWriter

from dashboard.exports.context import DEMO_MARK, ExportContext, export_context
from dashboard.exports.errors import ExportError
from dashboard.exports.presets import DEFAULT_PRESET, FORMATS, PRESETS, Preset
from dashboard.exports.render import Renderer, renderer
from dashboard.figures import FONT_FAMILY
from dashboard.maps import MapView, PageMap, page_map
from queries.db import Warehouse


@dataclass(frozen=True)
class ExportFile:
    """A finished export: its bytes, a file name, its media type, and what it was (for the
    audit log)."""

    content: bytes
    filename: str
    mimetype: str
    detail: dict


def snapshot(wh: Warehouse, view: MapView, fmt: str, preset: str = DEFAULT_PRESET,
             classification: str = "", made_at: datetime | None = None,
             using: Renderer | None = None) -> ExportFile:
    """The map of ``view`` as a ``fmt`` file (png, svg, pdf) of size ``preset``."""
    if fmt not in FORMATS:
        raise ExportError(f"format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
    if preset not in PRESETS:
        raise ExportError(f"size: expected one of {', '.join(PRESETS)}, got {preset!r}")
    shown = page_map(wh, view)
    ctx = export_context(wh, view.filter, classification, made_at, view.filter.admin1)
    size = PRESETS[preset]
    figure = framed(shown.figure(), shown, ctx, size)
    content = (using or renderer()).render(figure, fmt, size.width, size.height,
                                           size.scale(fmt))
    if fmt == "pdf":
        content = titled_pdf(content, shown.title, ctx)
    name = snapshot_filename(view, shown.key, fmt)
    return ExportFile(content, name, FORMATS[fmt], _detail(view, shown, fmt, preset, name))


def titled_pdf(content: bytes, title: str, ctx: ExportContext) -> bytes:
    """``content`` (Chromium's PDF, titled after kaleido's page "Kaleido-fier") with the
    map's title, the monitor as author, the filters as subject and the classification
    among the keywords."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    keywords = ", ".join(k for k in (ctx.classification, DEMO_MARK if ctx.demo else "",
                                     "map snapshot") if k)
    writer.add_metadata({"/Title": title, "/Author": "Atrocity Risk Monitor",
                         "/Subject": ctx.filters, "/Keywords": keywords,
                         "/Creator": "Atrocity Risk Monitor"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def snapshot_filename(view: MapView, key: str, fmt: str) -> str:
    """map_overview_incidents_2025-11-01_2026-10-31.png, map_country_CAF_....pdf"""
    f = view.filter
    region = f"_{f.admin1}" if f.admin1 else ""
    return f"map_{view.page}_{key}{region}_{f.date_from}_{f.date_to}.{fmt}"


def _detail(view: MapView, shown: PageMap, fmt: str, preset: str, name: str) -> dict:
    f = view.filter
    return {"page": view.page, "layer": shown.key if view.page == "overview" else None,
            "iso3": f.iso3 or None, "from": f.date_from.isoformat(),
            "to": f.date_to.isoformat(), "categories": list(f.categories),
            "source": f.source or None, "admin1": f.admin1 or None, "format": fmt,
            "size": preset, "file": name}


def framed(figure: dict, shown: PageMap, ctx: ExportContext, size: Preset) -> dict:
    """``figure`` laid out for a page of ``size``: title and filters above, legend, sources,
    the time it was made and the classification below, the demo mark when it applies.
    Pure: returns a new figure, the page's is left as it was."""
    fig = copy.deepcopy(figure)
    u = size.height / 1080                      # type and margins grow with the page
    lines = footer_lines(shown, ctx, _chars_per_line(size, u))
    top, bottom = 150 * u, 40 * u + 24 * u * (len(lines) + 1)
    plot_h = size.height - top - bottom
    layout = fig["layout"]
    layout.update(
        width=size.width, height=size.height, autosize=False,
        font=dict(family=FONT_FAMILY, size=round(17 * u), color="#1d2733"),
        margin=dict(l=round(30 * u), r=round(30 * u), t=round(top), b=round(bottom)),
        title=dict(text=f"<b>{shown.title}</b>", x=0.015, xanchor="left",
                   y=1 - 52 * u / size.height, yanchor="top", yref="container",
                   font=dict(size=round(34 * u)),
                   subtitle=dict(text=ctx.filters, font=dict(size=round(19 * u),
                                                              color="#4a5562"))))
    layout.pop("uirevision", None)
    _scale_colorbars(fig, u)
    notes = [dict(text=text, showarrow=False, xref="paper", yref="paper", x=0,
                  xanchor="left", y=-(10 + 24 * i) * u / plot_h, yanchor="top", align="left",
                  font=dict(size=round(15 * u), color="#3b4652"))
             for i, text in enumerate(lines)]
    layout["annotations"] = [*layout.get("annotations", []), *notes,
                             *_classification(ctx.classification, plot_h, top, bottom, u),
                             *(_demo_marks(u) if ctx.demo else [])]
    return fig


def footer_lines(shown: PageMap, ctx: ExportContext, width: int) -> list[str]:
    """The words under the map, wrapped at ``width`` characters (plotly annotations never
    wrap, so a long legend would run off the page): legend, sources, dates."""
    texts = [shown.legend + (f" {shown.note}" if shown.note else "")]
    texts += [("Sources: " if i == 0 else "") + text for i, text in enumerate(ctx.sources)]
    texts.append(f"{ctx.as_of_text} · {ctx.made_text} · Atrocity Risk Monitor")
    return [line for text in texts for line in textwrap.wrap(text, width) or [""]]


def _chars_per_line(size: Preset, u: float) -> int:
    """How many characters of the 15px footer fit across the page (about 8 px each,
    a little more than the average so that wide letters still fit)."""
    return int((size.width - 60 * u) / (8.2 * u))


def _scale_colorbars(fig: dict, u: float) -> None:
    for trace in fig["data"]:
        bar = trace.get("colorbar") or trace.get("marker", {}).get("colorbar")
        if bar:
            bar.update(thickness=round(22 * u), len=0.8,
                       tickfont=dict(size=round(15 * u)))


def _classification(text: str, plot_h: float, top: float, bottom: float, u: float) -> list:
    """The classification line, centred at the top and at the bottom of the page."""
    if not text:
        return []
    style = dict(text=f"<b>{text.upper()}</b>", showarrow=False, xref="paper", yref="paper",
                 x=0.5, xanchor="center", font=dict(size=round(17 * u), color="#9b1c1c"))
    return [dict(style, y=1 + (top - 8 * u) / plot_h, yanchor="top"),
            dict(style, y=-(bottom - 6 * u) / plot_h, yanchor="bottom")]


def _demo_marks(u: float) -> list:
    """A badge at the top right and a faint watermark across the map."""
    return [
        dict(text=f"<b>{DEMO_MARK}</b>", showarrow=False, xref="paper", yref="paper",
             x=1, xanchor="right", y=1.0, yanchor="bottom", bgcolor="#fff4e0",
             bordercolor="#b45309", borderwidth=2, borderpad=round(6 * u),
             font=dict(size=round(17 * u), color="#8a3b00")),
        dict(text="SYNTHETIC DEMO DATA", showarrow=False, xref="paper", yref="paper",
             x=0.5, y=0.5, textangle=-18, opacity=0.13,
             font=dict(size=round(110 * u), color="#8a3b00")),
    ]
