"""The situation report on several countries (a UN region, the watchlist's top N, or an
organisation's members): a summary table, then one page per country with its key
messages, its map and its forecast (or risk index). Each country is gathered with
:func:`~dashboard.exports.gather.gather_briefing`, as in the pack, so the two never
disagree; rendered as PDF or DOCX."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from xml.sax.saxutils import escape

from docx.shared import Mm
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table

from dashboard.components import format_value
from dashboard.exports.briefing import (
    CONTENT_W,
    PACK_FORMATS,
    compose_pdf,
    image,
    key_messages_table,
    pdf_styles,
    png,
    table_style,
)
from dashboard.exports.context import DEMO_MARK, ExportContext, export_context
from dashboard.exports.docx_pack import CONTENT_MM, marked_document, table
from dashboard.exports.errors import ExportError
from dashboard.exports.gather import MAP_PX, Briefing, gather_briefing
from dashboard.exports.messages import change_text, key_messages
from dashboard.exports.render import Renderer, renderer
from dashboard.exports.snapshot import ExportFile
from queries import watchlist
from queries.db import Warehouse
from queries.incidents import IncidentFilter

MAX_COUNTRIES = 60
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Selection:
    """Which countries: a UN region or subregion, the top N of the watchlist, or the
    members of an organisation (any combination narrows; ``top`` caps)."""

    region: str = ""
    top: int = MAX_COUNTRIES
    org: str = ""

    def describe(self) -> str:
        """'Eastern Africa, members of IGAD, top 10 by forecast risk'."""
        parts = [self.region] if self.region else []
        parts += [f"members of {self.org.upper()}"] if self.org else []
        parts += [f"top {self.top} by forecast risk"] if self.top < MAX_COUNTRIES else []
        return ", ".join(parts) or "all countries"


def sitrep_countries(wh: Warehouse, chosen: Selection, on) -> list[str]:
    """The ISO3 codes chosen, ranked as on the watchlist; ``ExportError`` when none."""
    if not 1 <= chosen.top <= MAX_COUNTRIES:
        raise ExportError(f"--top: expected 1 to {MAX_COUNTRIES}")
    rows = watchlist.chosen_countries(wh, chosen.region, chosen.org, on, chosen.top)
    if not rows:
        raise ExportError(f"no country matches: {chosen.describe()}")
    return rows


def sitrep(wh: Warehouse, f: IncidentFilter, chosen: Selection, classification: str = "",
           made_at: datetime | None = None, progress: Progress | None = None,
           using: Renderer | None = None, fmt: str = "pdf") -> ExportFile:
    """The situation report on the countries ``chosen`` for ``f``'s window, as ``fmt``
    (pdf or docx)."""
    if fmt not in PACK_FORMATS:
        raise ExportError(f"format: expected one of {', '.join(PACK_FORMATS)}, got {fmt!r}")
    tell = progress or (lambda _fraction, _message: None)
    draw = using or renderer()
    countries = sitrep_countries(wh, chosen, f.date_to)
    ctx = export_context(wh, replace(f, iso3=""), classification, made_at)
    briefs, maps = [], []
    for i, iso3 in enumerate(countries):
        tell(0.05 + 0.85 * i / len(countries), f"Country {i + 1} of {len(countries)}")
        b = gather_briefing(wh, replace(f, iso3=iso3, admin1=""), classification, made_at,
                            trends=False)
        briefs.append(b)
        maps.append(png(draw, b.map_figure, *MAP_PX))
    tell(0.92, f"Composing the {fmt.upper()}")
    title = f"Situation report: {chosen.describe()}"
    content = (_pdf(title, ctx, briefs, maps) if fmt == "pdf"
               else _docx(title, ctx, briefs, maps))
    filename = f"sitrep_{_slug(chosen.describe())}_{f.date_from}_{f.date_to}.{fmt}"
    tell(1.0, "Done")
    detail = {"countries": countries, "region": chosen.region or None, "org": chosen.org or None,
              "top": chosen.top, "from": f.date_from.isoformat(), "to": f.date_to.isoformat(),
              "format": fmt, "file": filename}
    return ExportFile(content, filename, PACK_FORMATS[fmt], detail)


def summary_rows(briefs: list[Briefing]) -> list[list[str]]:
    """One row per country: incidents now and before with the change, fatalities, the
    forecast (or risk index) with its rank, the factors judged present, the gaps."""
    rows = []
    for b in briefs:
        incidents, fatalities = b.totals[0], b.totals[1]
        rows.append([b.name, f"{incidents.now:,}", f"{incidents.previous:,}",
                     change_text(incidents.now, incidents.previous), f"{fatalities.now:,}",
                     _outlook(b), f"{len(b.present_factors)} of 14", f"{len(b.gaps)}"])
    return rows


SUMMARY_HEAD = ["Country", "Incidents", "Previous window", "Change", "Fatalities",
                "Forecast or risk index (rank)", "FoA factors present", "Capacity gaps"]


def _outlook(b: Briefing) -> str:
    if b.forecast is not None:
        return f"{b.forecast.risk:.1%} forecast ({b.forecast.rank} of {b.forecast.of})"
    if b.risk is not None and b.risk.index is not None:
        rank = f" ({b.risk.rank} of {b.risk.of})" if b.risk.rank else ""
        return f"{b.risk.index:.1f} / 10{rank}"
    return "–"


def _pdf(title: str, ctx: ExportContext, briefs: list[Briefing], maps: list[bytes]) -> bytes:
    s = pdf_styles()
    summary = Table([SUMMARY_HEAD, *[[Paragraph(escape(c), s["cell"]) for c in row]
                                     for row in summary_rows(briefs)]], repeatRows=1,
                    colWidths=[55 * mm, 22 * mm, 30 * mm, 20 * mm, 22 * mm, 50 * mm, 35 * mm,
                               28 * mm])
    summary.setStyle(table_style(s, header_rows=1))
    story = [Paragraph("Atrocity Risk Monitor · Situation report", s["kicker"]),
             Paragraph(escape(title), s["h1"]), Paragraph(escape(ctx.filters), s["lead"])]
    if ctx.classification:
        story.append(Paragraph(escape(ctx.classification.upper()), s["classification"]))
    story.append(Paragraph(f"{ctx.as_of_text} · {ctx.made_text}", s["body"]))
    if ctx.demo:
        story.append(Paragraph(f"{DEMO_MARK}: do not use it for briefing.", s["demo"]))
    story += [Spacer(1, 8), summary, PageBreak()]
    for b, shown in zip(briefs, maps, strict=True):
        story += [Paragraph(escape(b.name), s["h1"]), key_messages_table(b, s),
                  Spacer(1, 6), image(shown, CONTENT_W * 0.45, *MAP_PX),
                  Paragraph(escape(b.map_legend), s["muted"]), PageBreak()]
    return compose_pdf(story[:-1], title, ctx.filters, ctx, s)


def _docx(title: str, ctx: ExportContext, briefs: list[Briefing], maps: list[bytes]) -> bytes:
    doc = marked_document(title, ctx)
    doc.add_heading(title, level=0)
    doc.add_paragraph(ctx.filters)
    doc.add_paragraph(f"{ctx.as_of_text} · {ctx.made_text}")
    table(doc, SUMMARY_HEAD, summary_rows(briefs))
    for b, shown in zip(briefs, maps, strict=True):
        doc.add_page_break()
        doc.add_heading(b.name, level=1)
        table(doc, ["Key message", "Figure", "Source"],
              [[f"{m.topic}. {m.text}", m.figure, m.source] for m in key_messages(b)])
        doc.add_picture(io.BytesIO(shown), width=Mm(CONTENT_MM * 0.5))
        doc.add_paragraph(format_value(b.map_legend))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_")[:40]

