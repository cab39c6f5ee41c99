"""The briefing pack as an editable DOCX (python-docx), drawn from the same gathered
:class:`~dashboard.exports.gather.Briefing` and images as the PDF: briefing notes are
edited in Word before they go out. The classification line and the demo mark are in the
header and the footer, so they are on every page."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from dashboard.components import format_value
from dashboard.dates import day_text
from dashboard.exports.context import DEMO_MARK, ExportContext
from dashboard.exports.gather import AUDIENCE_NAMES, SOURCE_NAMES, Briefing, BriefingImages
from dashboard.exports.messages import key_messages
from dashboard.figures import category_labels
from queries.notes import KINDS as NOTE_KINDS

RED = RGBColor(0x9B, 0x1C, 0x1C)
CONTENT_MM = 297 - 2 * 16


def render_docx(b: Briefing, images: BriefingImages) -> bytes:
    """The pack as DOCX bytes, A4 landscape, from the gathered briefing alone."""
    doc = marked_document(f"Briefing pack: {b.name}", b.context)
    _cover(doc, b)
    _key_messages(doc, b)
    _situation(doc, b, images)
    _early_warning(doc, b, images)
    _factors(doc, b)
    _capacity(doc, b)
    _largest(doc, b)
    _notes(doc, b)
    _sources(doc, b)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def marked_document(title: str, ctx: ExportContext):
    """A new A4 landscape document titled ``title``: the classification and the demo mark
    in the header and footer of every page, document properties as in the PDF."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(16))
    marks = [m for m in (ctx.classification.upper(), DEMO_MARK if ctx.demo else "") if m]
    for part in (section.header, section.footer):
        para = part.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run(" · ".join(marks) or title)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(10), RED
    props = doc.core_properties
    props.title, props.author = title, "Atrocity Risk Monitor"
    props.subject = ctx.filters
    props.keywords = ", ".join(k for k in (ctx.classification,
                                           DEMO_MARK if ctx.demo else "") if k)
    return doc


def _cover(doc, b: Briefing) -> None:
    ctx = b.context
    doc.add_paragraph("Atrocity Risk Monitor · Briefing pack")
    doc.add_heading(b.name, level=0)
    doc.add_paragraph(ctx.filters)
    if ctx.classification:
        run = doc.add_paragraph().add_run(ctx.classification.upper())
        run.bold, run.font.color.rgb = True, RED
    doc.add_paragraph(f"{ctx.as_of_text} · {ctx.made_text}")
    if ctx.demo:
        doc.add_paragraph().add_run(f"{DEMO_MARK}. Some or all of what this pack shows is "
                                    "the app's generated demo data set; do not use it for "
                                    "briefing.").bold = True


def _key_messages(doc, b: Briefing) -> None:
    doc.add_heading("Key messages", level=1)
    table(doc, ["Key message", "Figure", "Source"],
           [[f"{m.topic}. {m.text}", m.figure, m.source] for m in key_messages(b)])


def _situation(doc, b: Briefing, images: BriefingImages) -> None:
    doc.add_page_break()
    doc.add_heading("Situation", level=1)
    doc.add_picture(io.BytesIO(images.map), width=Mm(CONTENT_MM * 0.75))
    doc.add_paragraph(b.map_legend)
    table(doc, ["", *[t.label for t in b.totals]],
           [["This window", *[format_value(t.now) for t in b.totals]],
            [f"Previous {b.filter.days:,} days", *[format_value(t.previous)
                                                    for t in b.totals]]])
    doc.add_heading("Trends", level=1)
    for title, png in (("Incidents per month by category", images.category_trend),
                       ("Incidents per month by admin-1 region", images.region_trend)):
        if png:
            doc.add_heading(title, level=2)
            doc.add_picture(io.BytesIO(png), width=Mm(CONTENT_MM * 0.6))


def _early_warning(doc, b: Briefing, images: BriefingImages) -> None:
    doc.add_heading("Early warning", level=1)
    if b.forecast is not None:
        fc = b.forecast
        doc.add_paragraph(f"Forecast for {fc.year}: {fc.risk:.1%} risk that a new mass "
                          f"killing begins that year · rank {fc.rank} of {fc.of} · "
                          f"drivers: {fc.drivers or '–'} · {fc.backtest}")
        if images.forecast_chart:
            doc.add_picture(io.BytesIO(images.forecast_chart), width=Mm(CONTENT_MM * 0.7))
    if b.escalation is not None:
        doc.add_paragraph(f"Escalation, {b.escalation.trend.lower()}: "
                          f"{b.escalation.sentence}")
    if b.risk is not None and b.risk.index is not None:
        rank = f" · rank {b.risk.rank} of {b.risk.of}" if b.risk.rank else ""
        doc.add_paragraph(f"Risk index (our model, not a UN score): {b.risk.index:.1f} / 10"
                          f"{rank}. Top drivers: {b.risk.drivers or '–'}")
    if images.risk_chart:
        doc.add_picture(io.BytesIO(images.risk_chart), width=Mm(CONTENT_MM * 0.7))


def _factors(doc, b: Briefing) -> None:
    doc.add_heading("Framework of Analysis for Atrocity Crimes", level=1)
    table(doc, ["#", "Risk factor", "Crimes", "Judgement", "Evidence", "Assessed"],
           [[str(r["factor"]), r["name"], r["crimes"], r["judgement"],
             format_value(r["evidence"]), r["assessed_on"]] for r in b.factors])


def _capacity(doc, b: Briefing) -> None:
    doc.add_heading("Prevention capacity", level=1)
    doc.add_paragraph(f"Trainings held in the window: {b.trainings_in_window:,} with "
                      f"{b.participants_in_window:,} participants.")
    if b.trainings:
        table(doc, ["Date", "Title", "Audience", "Participants"],
               [[format_value(r["start_date"]), r["title"],
                 AUDIENCE_NAMES.get(r["audience"], r["audience"]),
                 format_value(r["participants"])] for r in b.trainings])
    for line in b.capacity:
        doc.add_paragraph(line)
    doc.add_paragraph("Gaps: " + ("; ".join(b.gaps) or "none recorded") + ".")


def _largest(doc, b: Briefing) -> None:
    doc.add_heading(f"The {len(b.largest)} deadliest incidents in the window", level=1)
    labels = category_labels()
    table(doc, ["Date", "Admin-1 region", "Location", "Category", "Perpetrator", "Deaths",
                 "Source"],
           [[format_value(r["event_date"]), format_value(r["admin1_name"]),
             format_value(r["location"]), labels.get(r["category"], r["category"]),
             format_value(r["perpetrator"]), format_value(r["fatalities"]),
             SOURCE_NAMES.get(r["source"], r["source"])] for r in b.largest])


def _notes(doc, b: Briefing) -> None:
    doc.add_heading("Analysts' notes and recommendations", level=1)
    if not b.notes:
        doc.add_paragraph("No final situation note or recommendation has been written for "
                          "this country.")
    for kind, heading in NOTE_KINDS.items():
        written = [n for n in b.notes if n.kind == kind]
        if written:
            doc.add_heading(heading + "s", level=2)
        for n in written:
            doc.add_paragraph(f"{day_text(n.written_on)}, {n.author}: {n.body}",
                              style="List Bullet")


def _sources(doc, b: Briefing) -> None:
    doc.add_heading("Sources and method", level=1)
    for line in b.context.sources:
        doc.add_paragraph(line, style="List Bullet")
    doc.add_paragraph(f"Filters: {b.context.filters}")
    doc.add_paragraph(f"{b.context.as_of_text}. {b.context.made_text} by the Atrocity Risk "
                      "Monitor.")


def table(doc, head: list[str], rows: list[list[str]]) -> None:
    """A grid table with a header row; every cell as text."""
    grid = doc.add_table(rows=1, cols=len(head))
    grid.style = "Light Grid Accent 1"
    for cell, text in zip(grid.rows[0].cells, head, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.text = str(text)
