"""The briefing pack on one country: gathered once into a
:class:`~dashboard.exports.gather.Briefing`, its figures rendered once by the warm Chromium,
then composed as a PDF with reportlab (platypus) here or as a DOCX by
:mod:`dashboard.exports.docx_pack`; neither renderer queries.

Pages: cover and key messages, the situation map with the window's totals, trends, early
warning, the Framework of Analysis matrix, prevention capacity, the largest incidents, the
analysts' notes and recommendations, and the sources. Every page carries the classification
line at its top and bottom, the demo mark when the pack shows synthetic data, and
"page n of N"; the PDF's metadata name the pack, its author and the classification.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import plotly.graph_objects as go
import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from dashboard.components import format_value
from dashboard.dates import day_text, long_day_text
from dashboard.exports.context import DEMO_MARK, ExportContext
from dashboard.exports.docx_pack import render_docx
from dashboard.exports.errors import ExportError
from dashboard.exports.gather import (
    AUDIENCE_NAMES,
    FORECAST_PX,
    LARGEST,
    MAP_PX,
    RISK_PX,
    SOURCE_NAMES,
    TREND_PX,
    Briefing,
    BriefingImages,
    gather_briefing,
)
from dashboard.exports.messages import key_messages
from dashboard.exports.render import Renderer, renderer
from dashboard.exports.snapshot import ExportFile
from dashboard.figures import category_labels
from queries.db import Warehouse
from queries.incidents import IncidentFilter
from queries.notes import KINDS as NOTE_KINDS

PAGE = landscape(A4)
MARGIN = 16 * mm
CONTENT_W = PAGE[0] - 2 * MARGIN
JUDGEMENT_COLOURS = {"present": "#f8d7d3", "absent": "#dcefdc", "unknown": "#eceff3"}
AUTHOR = "Atrocity Risk Monitor"
Progress = Callable[[float, str], None]
PACK_FORMATS = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-"
                "officedocument.wordprocessingml.document"}


@dataclass(frozen=True)
class _Fonts:
    regular: str
    bold: str


def briefing_pack(wh: Warehouse, f: IncidentFilter, classification: str = "",
                  made_at: datetime | None = None, progress: Progress | None = None,
                  using: Renderer | None = None, fmt: str = "pdf") -> ExportFile:
    """The briefing pack of ``f.iso3`` for ``f``'s window and filters, as a PDF (``fmt``
    "pdf") or an editable DOCX ("docx"): gathered once, then rendered.

    ``progress(fraction, message)`` is told how far it got (0..1) along the way."""
    if fmt not in PACK_FORMATS:
        raise ExportError(f"format: expected one of {', '.join(PACK_FORMATS)}, got {fmt!r}")
    tell = progress or (lambda _fraction, _message: None)
    tell(0.05, "Reading the data")
    b = gather_briefing(wh, f, classification, made_at)
    images = briefing_images(b, using or renderer(), tell)
    tell(0.9, f"Composing the {fmt.upper()}")
    content = render_pdf(b, images) if fmt == "pdf" else render_docx(b, images)
    filename = f"briefing_{f.iso3}_{f.date_from}_{f.date_to}.{fmt}"
    tell(1.0, "Done")
    detail = {"iso3": f.iso3, "from": f.date_from.isoformat(), "to": f.date_to.isoformat(),
              "categories": list(f.categories), "source": f.source or None,
              "admin1": f.admin1 or None, "format": fmt, "file": filename}
    return ExportFile(content, filename, PACK_FORMATS[fmt], detail)


def briefing_images(b: Briefing, draw: Renderer, tell: Progress | None = None
                    ) -> BriefingImages:
    """The gathered figures rendered to PNG (the first, cold render starts the browser:
    the progress says so)."""
    tell = tell or (lambda _fraction, _message: None)
    tell(0.15, "Drawing the map" if draw.warm else
         "Starting the renderer (the first export takes a few seconds more)")
    shown = png(draw, b.map_figure, *MAP_PX)
    tell(0.45, "Drawing the trends")
    trends = [png(draw, fig, *TREND_PX) if fig else b"" for fig in
              (b.category_trend, b.region_trend)]
    tell(0.75, "Drawing the forecast and the risk factors")
    risk_px = (RISK_PX[0], int(b.risk_chart["layout"]["height"])) if b.risk_chart else RISK_PX
    risk = png(draw, b.risk_chart, *risk_px) if b.risk_chart else None
    forecast = png(draw, b.forecast_chart, *FORECAST_PX) if b.forecast_chart else None
    return BriefingImages(shown, trends[0], trends[1], risk, risk_px, forecast)


def render_pdf(b: Briefing, images: BriefingImages) -> bytes:
    """The pack as PDF bytes, from the gathered briefing and its images alone."""
    styles = pdf_styles()
    story = (_cover(b, styles) + _key_messages(b, styles) + _situation(b, images, styles)
             + _trends(images, styles) + _early_warning(b, images, styles)
             + _risk_matrix(b, styles) + _largest(b, styles) + _capacity(b, styles)
             + _notes(b, styles) + _sources(b.context, styles))
    return compose_pdf(story, f"Briefing pack: {b.name}", f"{b.name}: {b.context.filters}",
                       b.context, styles)


# --- sections --------------------------------------------------------------------------

def _cover(b: Briefing, s: dict) -> list:
    """Title, window and filters, classification, dates and the demo mark: compact, so the
    key messages share the first page."""
    ctx = b.context
    parts = [Paragraph("Atrocity Risk Monitor · Briefing pack", s["kicker"]),
             Paragraph(escape(b.name), s["cover"]), Paragraph(escape(ctx.filters), s["lead"])]
    if ctx.classification:
        parts.append(Paragraph(escape(ctx.classification.upper()), s["classification"]))
    parts += [Paragraph(f"{ctx.as_of_text} · {ctx.made_text}", s["body"])]
    if ctx.demo:
        parts += [Spacer(1, 2 * mm), Paragraph(
            f"{DEMO_MARK}: some or all of what this pack shows is the app's generated demo "
            "data set; do not use it for briefing.", s["demo"]), Spacer(1, 2 * mm)]
    return [*parts, HRFlowable(width="100%", color=colors.HexColor("#c9d1da"),
                               spaceBefore=2 * mm, spaceAfter=2 * mm)]


def _key_messages(b: Briefing, s: dict) -> list:
    return [Paragraph("Key messages", s["h1"]), key_messages_table(b, s), PageBreak()]


def key_messages_table(b: Briefing, s: dict) -> Table:
    """The key messages as a table: sentence, figure, source."""
    rows = [["", "Key message", "Figure", "Source"]]
    rows += [[str(i), Paragraph(f"<b>{escape(m.topic)}.</b> {escape(m.text)}", s["cell"]),
              Paragraph(escape(m.figure), s["cell"]), Paragraph(escape(m.source), s["cell"])]
             for i, m in enumerate(key_messages(b), start=1)]
    table = Table(rows, colWidths=[7 * mm, None, 30 * mm, 48 * mm], repeatRows=1)
    table.setStyle(table_style(s, header_rows=1))
    return table


def _situation(b: Briefing, images: BriefingImages, s: dict) -> list:
    kpis = Table([["", *[t.label for t in b.totals]],
                  ["This window", *[format_value(t.now) for t in b.totals]],
                  [f"Previous {b.filter.days:,} days",
                   *[format_value(t.previous) for t in b.totals]]], hAlign="LEFT")
    kpis.setStyle(table_style(s, header_rows=1))
    return [Paragraph("Situation", s["h1"]), image(images.map, CONTENT_W * 0.8, *MAP_PX),
            Paragraph(escape(b.map_legend), s["muted"]), Spacer(1, 3 * mm), kpis, PageBreak()]


def _trends(images: BriefingImages, s: dict) -> list:
    half = (CONTENT_W - 6 * mm) / 2
    charts = Table([[Paragraph("Incidents per month by category", s["h2"]),
                     Paragraph("Incidents per month by admin-1 region (the busiest)", s["h2"])],
                    [image(images.category_trend, half, *TREND_PX),
                     image(images.region_trend, half, *TREND_PX)]],
                   colWidths=[half + 3 * mm, half + 3 * mm])
    charts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [Paragraph("Trends", s["h1"]), charts, PageBreak()]


def _early_warning(b: Briefing, images: BriefingImages, s: dict) -> list:
    """The forecast when the warehouse has one; escalation in one sentence; the risk
    index with its drivers and the chart of its components."""
    parts = [Paragraph("Early warning", s["h1"])]
    if b.analytics_through is None:
        return [*parts, Paragraph("Analytics have not been computed for this warehouse.",
                                  s["body"]), PageBreak()]
    if b.forecast is not None:
        fc = b.forecast
        parts.append(Paragraph(
            f"<b>Forecast for {fc.year}:</b> {fc.risk:.1%} risk that a new mass killing "
            f"begins that year · rank {fc.rank} of {fc.of} · drivers: "
            f"{escape(fc.drivers or '–')}" + (f" · {escape(fc.backtest)}" if fc.backtest
                                               else ""), s["body"]))
        if images.forecast_chart:
            parts += [image(images.forecast_chart, CONTENT_W * 0.8, *FORECAST_PX),
                      Paragraph("Each point is the forecast made with the data of the year "
                                "before only; crosses mark the years a new mass killing "
                                "began.", s["muted"])]
    if b.escalation is None:
        parts.append(Paragraph("Escalation: no incidents in the last 56 weeks.", s["body"]))
    else:
        parts.append(Paragraph(f"<b>Escalation, {escape(b.escalation.trend.lower())}:</b> "
                               f"{escape(b.escalation.sentence)}", s["body"]))
    r = b.risk
    if r is None:
        parts.append(Paragraph("No risk score: no indicators or incidents for this country.",
                               s["body"]))
        return [*parts, PageBreak()]
    rank = f" · rank {r.rank} of {r.of}" if r.rank else ""
    parts += [
        Paragraph(f"<b>Risk index (our model, not a UN score):</b> {_index(r)}{rank} · "
                  f"structural {format_value(r.structural)} · dynamic "
                  f"{format_value(r.dynamic)} · indicators present {r.completeness:.0%}",
                  s["body"]),
        Paragraph(f"<b>Top drivers:</b> {escape(r.drivers or '–')}", s["body"])]
    if images.risk_chart:
        parts.append(image(images.risk_chart, CONTENT_W * 0.8, *images.risk_px))
    parts += [Paragraph("Bars: each component's score, 0-10; dark blue the structural "
                        "dimension, red the dynamic one (risk factors and incident signals). "
                        "Analytics as of the latest incident date, "
                        f"{long_day_text(b.analytics_through)}; method: docs/analytics.md.",
                        s["muted"]), PageBreak()]
    return parts


def _index(r) -> str:
    return "not computed (a dimension has no inputs)" if r.index is None \
        else f"{r.index:.1f} / 10"


def _risk_matrix(b: Briefing, s: dict) -> list:
    parts = [Paragraph("Framework of Analysis for Atrocity Crimes", s["h1"])]
    if all(r["judgement"] == "not assessed" for r in b.factors):
        parts.append(Paragraph("No assessment of the 14 risk factors has been recorded for "
                               "this country yet.", s["body"]))
    rows = [["#", "Risk factor", "Crimes", "Judgement", "Evidence", "Assessed", "Model",
             "Incidents"]]
    for r in b.factors:
        rows.append([str(r["factor"]), _cell(r["name"], s), _cell(r["crimes"], s),
                     _cell(r["judgement"], s), _cell(r["evidence"], s, ""),
                     _plain(r["assessed_on"], ""), format_value(r["model_score"]),
                     format_value(r["incidents"])])
    table = Table(rows, colWidths=[9 * mm, 70 * mm, 38 * mm, 24 * mm, None, 22 * mm,
                                   15 * mm, 18 * mm], repeatRows=1)
    style = table_style(s, header_rows=1)
    for i, r in enumerate(b.factors, start=1):
        colour = JUDGEMENT_COLOURS.get(r["judgement"], JUDGEMENT_COLOURS["unknown"])
        style.add("BACKGROUND", (3, i), (3, i), colors.HexColor(colour))
    table.setStyle(style)
    return [*parts, table, PageBreak()]


def _capacity(b: Briefing, s: dict) -> list:
    """Trainings held in the window, then the country's prevention capacity on the pack's
    end date and its gaps; the notes and sources follow on the same page when they fit."""
    parts = [Paragraph("Prevention capacity", s["h1"]),
             Paragraph(f"Trainings held in the window: {b.trainings_in_window:,} with "
                       f"{b.participants_in_window:,} participants.", s["body"])]
    if b.trainings:
        data = [["Date", "Title", "Audience", "Organisation", "Participants", "Source"]]
        data += [[format_value(r["start_date"]), _cell(r["title"], s),
                  _cell(AUDIENCE_NAMES.get(r["audience"], r["audience"]), s),
                  _cell(r["organisation"], s, ""), format_value(r["participants"]),
                  SOURCE_NAMES.get(r["source"], r["source"])] for r in b.trainings]
        table = Table(data, colWidths=[25 * mm, None, 40 * mm, 60 * mm, 26 * mm, 22 * mm],
                      repeatRows=1)
        table.setStyle(table_style(s, header_rows=1))
        parts.append(table)
    parts += [Spacer(1, 3 * mm),
              Paragraph(f"On {long_day_text(b.filter.date_to)}", s["h2"]),
              *[Paragraph(escape(line), s["body"]) for line in b.capacity],
              Paragraph("<b>Gaps:</b> " + escape("; ".join(b.gaps) or "none recorded") + ".",
                        s["body"]), Spacer(1, 6 * mm)]
    return parts


def _largest(b: Briefing, s: dict) -> list:
    data = [["Date", "Admin-1 region", "Location", "Category", "Perpetrator", "Target",
             "Deaths", "Civilian", "Source"]]
    labels = category_labels()
    for r in b.largest:
        data.append([format_value(r["event_date"]), _cell(r["admin1_name"], s),
                     _cell(r["location"], s),
                     _cell(labels.get(r["category"], r["category"].replace("_", " ")), s),
                     _cell(r["perpetrator"], s), _cell(r["target"], s),
                     format_value(r["fatalities"]), format_value(r["civilian_fatalities"]),
                     SOURCE_NAMES.get(r["source"], r["source"])])
    table = Table(data, colWidths=[23 * mm, 32 * mm, 38 * mm, 38 * mm, None, 40 * mm,
                                   16 * mm, 16 * mm, 18 * mm], repeatRows=1)
    table.setStyle(table_style(s, header_rows=1))
    return [Paragraph(f"The {LARGEST} deadliest incidents in the window", s["h1"]),
            table if len(data) > 1 else Paragraph("No incidents in this window.", s["body"]),
            PageBreak()]


def _notes(b: Briefing, s: dict) -> list:
    """The analysts' final situation notes, then their recommendations for action."""
    parts = [Paragraph("Analysts' notes and recommendations", s["h1"])]
    if not b.notes:
        parts.append(Paragraph("No final situation note or recommendation has been written "
                               "for this country.", s["muted"]))
    for kind, heading in NOTE_KINDS.items():
        written = [n for n in b.notes if n.kind == kind]
        if written:
            parts.append(Paragraph(heading + "s", s["h2"]))
        parts += [Paragraph(f"<b>{day_text(n.written_on)}, {escape(n.author)}:</b> "
                            f"{escape(n.body)}", s["bullet"], bulletText="•")
                  for n in written]
    return [*parts, Spacer(1, 6 * mm)]


def _sources(ctx: ExportContext, s: dict) -> list:
    parts = [Paragraph("Sources and method", s["h1"])]
    parts += [Paragraph(escape(line), s["bullet"], bulletText="•") for line in ctx.sources]
    parts += [Spacer(1, 4 * mm), Paragraph(escape(f"Filters: {ctx.filters}"), s["body"]),
              Paragraph(f"{ctx.as_of_text}. {ctx.made_text} by the Atrocity Risk Monitor.",
                        s["body"]),
              Paragraph("Incident categories follow the monitor's one vocabulary; every "
                        "source's own event types are mapped onto it in one table. Totals "
                        "count incidents as reported by the sources; fatalities are best "
                        "estimates. The previous window is the window of equal length "
                        "that ends the day before this one starts.", s["body"])]
    if ctx.demo:
        parts.append(Paragraph(f"{DEMO_MARK}.", s["demo"]))
    return [KeepTogether(parts)]


# --- composing -------------------------------------------------------------------------

def pdf_keywords(ctx: ExportContext) -> list[str]:
    """The PDF's keywords: the classification and, for demo data, the demo mark."""
    return [k for k in (ctx.classification, DEMO_MARK if ctx.demo else "",
                        "briefing pack", "atrocity prevention") if k]


def compose_pdf(story: list, title: str, subject: str, ctx: ExportContext, s: dict) -> bytes:
    """``story`` as A4 landscape PDF bytes titled ``title``, every page framed (see
    :func:`_page_frame`), with the metadata a registry or a reader shows."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN + 6 * mm, bottomMargin=MARGIN + 6 * mm,
                            title=title, author=AUTHOR, subject=subject, creator=AUTHOR,
                            keywords=pdf_keywords(ctx))
    doc.build(story, canvasmaker=_numbered_canvas(title, ctx, s["fonts"]))
    return out.getvalue()


def _numbered_canvas(name: str, ctx: ExportContext, fonts: _Fonts):
    """A canvas class that holds its pages back until the end, so each can say
    'page n of N', then draws what every page carries."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self._pages:
                self.__dict__.update(state)
                _page_frame(self, name, ctx, fonts, len(self._pages))
                super().showPage()
            super().save()

    return NumberedCanvas


def _page_frame(canvas: Canvas, name: str, ctx: ExportContext, fonts: _Fonts,
                pages: int) -> None:
    """What every page carries: classification top and bottom, demo mark, 'page n of N'."""
    width, height = PAGE
    canvas.saveState()
    if ctx.classification:
        canvas.setFont(fonts.bold, 10)
        canvas.setFillColor(colors.HexColor("#9b1c1c"))
        canvas.drawCentredString(width / 2, height - 10 * mm, ctx.classification.upper())
        canvas.drawCentredString(width / 2, 6 * mm, ctx.classification.upper())
    if ctx.demo:
        canvas.setFont(fonts.bold, 9)
        canvas.setFillColor(colors.HexColor("#8a3b00"))
        canvas.drawRightString(width - MARGIN, height - 10 * mm, DEMO_MARK)
    canvas.setFont(fonts.regular, 8)
    canvas.setFillColor(colors.HexColor("#59636e"))
    canvas.drawString(MARGIN, 12 * mm, f"{name} · {ctx.made_text}")
    canvas.drawRightString(width - MARGIN, 12 * mm,
                           f"Page {canvas.getPageNumber()} of {pages}")
    canvas.restoreState()


def png(draw: Renderer, figure: dict | go.Figure, width: int, height: int) -> bytes:
    """``figure`` as PNG at ``width`` x ``height`` CSS px, twice the pixels (print). A
    ``go.Figure`` (the figures' empty panels, e.g. a window without incidents) is taken as
    its plain dict."""
    if isinstance(figure, go.Figure):
        figure = figure.to_dict()
    fig = dict(figure, layout=dict(figure["layout"], width=width, height=height))
    fig["layout"].pop("uirevision", None)
    return draw.render(fig, "png", width, height, 2.0)


MAX_IMAGE_H = 420      # points: a chart and its caption fit the landscape page's frame


def image(png: bytes, width: float, px_w: int, px_h: int) -> Image:
    """A PNG of ``px_w`` x ``px_h`` CSS px as a flowable ``width`` points wide, narrower
    where it would be taller than ``MAX_IMAGE_H`` (a tall chart keeps its proportions)."""
    width = min(width, MAX_IMAGE_H * px_w / px_h)
    return Image(io.BytesIO(png), width=width, height=width * px_h / px_w)


def _plain(value, missing: str = "–") -> str:
    """A value as table text: numbers and dates formatted, missing values as ``missing``."""
    text = format_value(value)
    return missing if text == "–" else text


def _cell(value, s: dict, missing: str = "–") -> Paragraph:
    """A wrapping table cell; the text is escaped (reportlab reads markup in paragraphs)."""
    return Paragraph(escape(_plain(value, missing)), s["cell"])


def table_style(s: dict, header_rows: int) -> TableStyle:
    """The tables' look: small type, a shaded header, thin rules between rows."""
    fonts = s["fonts"]
    return TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.regular, 8.5),
        ("FONT", (0, 0), (-1, header_rows - 1), fonts.bold, 8.5),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e8edf2")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c9d1da")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ])


_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)


def _fonts() -> _Fonts:
    """DejaVu Sans when the system has it (wide Unicode cover), else reportlab's bundled
    Vera; both local files."""
    for folder in _FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return _register("DejaVuSans", regular, bold)
    bundled = Path(reportlab.__file__).parent / "fonts"
    return _register("Vera", bundled / "Vera.ttf", bundled / "VeraBd.ttf")


def _register(name: str, regular: Path, bold: Path) -> _Fonts:
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(regular)))
        pdfmetrics.registerFont(TTFont(f"{name}-Bold", str(bold)))
    return _Fonts(name, f"{name}-Bold")


def pdf_styles() -> dict:
    """The paragraph styles of the pack and the situation report (fonts registered)."""
    return _styles(_fonts())


def _styles(fonts: _Fonts) -> dict:
    ink, muted = colors.HexColor("#1d2733"), colors.HexColor("#59636e")

    def style(name, size, font=fonts.regular, color=ink, **kw):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3,
                              textColor=color, **kw)

    return {
        "fonts": fonts,
        "kicker": style("kicker", 13, color=muted),
        "cover": style("cover", 28, fonts.bold, spaceBefore=2, spaceAfter=4),
        "lead": style("lead", 12, color=muted),
        "classification": style("classification", 13, fonts.bold, colors.HexColor("#9b1c1c"),
                                spaceBefore=3, spaceAfter=3),
        "h1": style("h1", 18, fonts.bold, spaceAfter=8),
        "h2": style("h2", 11, fonts.bold, spaceAfter=4),
        "body": style("body", 10, spaceAfter=4),
        "bullet": style("bullet", 10, leftIndent=12, spaceAfter=3),
        "muted": style("muted", 9, color=muted, spaceBefore=2),
        "cell": style("cell", 8.5),
        "demo": style("demo", 11, fonts.bold, colors.HexColor("#8a3b00"),
                      backColor=colors.HexColor("#fff4e0"), borderPadding=6),
    }
