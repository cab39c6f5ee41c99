"""The briefing pack: a multi-page PDF on one country, composed with reportlab (platypus)
from the same figures the pages draw, rendered as images by the warm Chromium.

Pages: cover (title, classification, filters), the situation map with the window's totals,
trends, the Framework of Analysis matrix, trainings held, the largest incidents, and the
sources. Every page carries the classification line at its top and bottom, and the demo
mark when the pack shows synthetic data.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
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

from dashboard import early_warning, figures
from dashboard import forecast as forecast_text
from dashboard.components import format_value
from dashboard.exports.context import DEMO_MARK, ExportContext, export_context
from dashboard.exports.errors import ExportError
from dashboard.exports.render import Renderer, renderer
from dashboard.exports.snapshot import ExportFile
from dashboard.maps import MapView, page_map
from queries import capacity, context, incidents
from queries.analytics import results
from queries.db import Warehouse
from queries.forecast import store as forecast_store
from queries.incidents import IncidentFilter

PAGE = landscape(A4)
MARGIN = 16 * mm
CONTENT_W = PAGE[0] - 2 * MARGIN
LARGEST = 12  # what fits one A4 landscape page with the wrapped actor names
KPIS = (("incidents", "Incidents"), ("fatalities", "Fatalities"),
        ("civilian_fatalities", "Civilian fatalities"), ("regions", "Admin-1 regions affected"))
JUDGEMENT_COLOURS = {"present": "#f8d7d3", "absent": "#dcefdc", "unknown": "#eceff3"}
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class _Fonts:
    regular: str
    bold: str


def briefing_pack(wh: Warehouse, f: IncidentFilter, classification: str = "",
                  made_at: datetime | None = None, progress: Progress | None = None,
                  using: Renderer | None = None) -> ExportFile:
    """The briefing pack of ``f.iso3`` for ``f``'s window and filters, as a PDF.

    ``progress(fraction, message)`` is told how far it got (0..1) along the way."""
    if not f.iso3:
        raise ExportError("a briefing pack needs a country (iso3)")
    name = incidents.country_name(wh, f.iso3)
    if name is None:
        raise ExportError(f"there is no country with the code {f.iso3!r}")
    tell = progress or (lambda _fraction, _message: None)
    draw = using or renderer()
    tell(0.05, "Reading the data")
    ctx = export_context(wh, f, classification, made_at, f.admin1)
    styles = _styles(_fonts())
    story = _cover(name, ctx, styles)
    tell(0.15, "Drawing the map")
    story += _situation(wh, f, draw, styles)
    tell(0.45, "Drawing the trends")
    story += _trends(wh, f, draw, styles)
    tell(0.75, "Writing the tables")
    story += _forecast(wh, f.iso3, draw, styles)
    story += _early_warning(wh, f.iso3, draw, styles)
    story += _risk_matrix(wh, f, styles) + _trainings(wh, f, styles)
    story += _largest(wh, f, styles) + _sources(ctx, styles)
    tell(0.9, "Composing the PDF")
    content = _compose(story, name, ctx, styles)
    filename = f"briefing_{f.iso3}_{f.date_from}_{f.date_to}.pdf"
    tell(1.0, "Done")
    detail = {"iso3": f.iso3, "from": f.date_from.isoformat(), "to": f.date_to.isoformat(),
              "categories": list(f.categories), "source": f.source or None,
              "admin1": f.admin1 or None, "format": "pdf", "file": filename}
    return ExportFile(content, filename, "application/pdf", detail)


# --- sections --------------------------------------------------------------------------

def _cover(name: str, ctx: ExportContext, s: dict) -> list:
    parts = [Spacer(1, 30 * mm), Paragraph("Atrocity Risk Monitor · Briefing pack", s["kicker"]),
             Paragraph(escape(name), s["cover"]), Paragraph(escape(ctx.filters), s["lead"]),
             Spacer(1, 6 * mm), HRFlowable(width="100%", color=colors.HexColor("#c9d1da")),
             Spacer(1, 6 * mm)]
    if ctx.classification:
        parts.append(Paragraph(escape(ctx.classification.upper()), s["classification"]))
    parts += [Paragraph(f"{ctx.as_of_text} · {ctx.made_text}", s["body"])]
    if ctx.demo:
        parts += [Spacer(1, 6 * mm), Paragraph(
            f"{DEMO_MARK}. Some or all of what this pack shows is the app's generated demo "
            "data set; do not use it for briefing.", s["demo"])]
    parts += [Spacer(1, 10 * mm), Paragraph(
        "Contents: situation map and totals · trends · country forecast · dynamic signals "
        "and the 14-factor profile · "
        "Framework of Analysis · trainings · largest incidents · sources", s["muted"]),
        PageBreak()]
    return parts


def _situation(wh: Warehouse, f: IncidentFilter, draw: Renderer, s: dict) -> list:
    shown = page_map(wh, MapView("country", f))
    png = _png(draw, shown.figure(), 1500, 720)
    totals = incidents.totals_with_change(wh, f)
    head = [label for _key, label in KPIS]
    now = [format_value(totals[key][0]) for key, _label in KPIS]
    before = [format_value(totals[key][1]) for key, _label in KPIS]
    kpis = Table([["", *head], ["This window", *now],
                  [f"Previous {f.days:,} days", *before]], hAlign="LEFT")
    kpis.setStyle(_table_style(s, header_rows=1))
    return [Paragraph("Situation", s["h1"]), _image(png, CONTENT_W * 0.8, 1500, 720),
            Paragraph(escape(shown.legend), s["muted"]), Spacer(1, 3 * mm), kpis, PageBreak()]


def _trends(wh: Warehouse, f: IncidentFilter, draw: Renderer, s: dict) -> list:
    by_category = incidents.timeseries(wh, f, "month", by="category")
    by_region = incidents.timeseries(wh, f, "month", by="admin1")
    half = (CONTENT_W - 6 * mm) / 2
    charts = Table([[Paragraph("Incidents per month by category", s["h2"]),
                     Paragraph("Incidents per month by admin-1 region (the busiest)", s["h2"])],
                    [_image(_png(draw, figures.time_series(
                        by_category, "category", figures.category_labels(), height=560),
                        820, 560), half, 820, 560),
                     _image(_png(draw, figures.time_series(by_region, "region", height=560),
                                 820, 560), half, 820, 560)]],
                   colWidths=[half + 3 * mm, half + 3 * mm])
    charts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [Paragraph("Trends", s["h1"]), charts, PageBreak()]


def _forecast(wh: Warehouse, iso3: str, draw: Renderer, s: dict) -> list:
    """The country forecast: headline, change since last year, largest contributions, the
    out-of-sample forecasts over the years with the onsets marked, and how well it did."""
    parts = [Paragraph("Early warning: country forecast", s["h1"])]
    current = forecast_store.country_forecast(wh, iso3)
    summary = forecast_store.summary(wh)
    if current is None or summary is None:
        return [*parts, Paragraph(escape(forecast_text.NOT_FORECAST), s["body"]), PageBreak()]
    current["forecast_rank"] = current["rank"]
    drivers = forecast_store.country_drivers(wh, iso3)
    contributions = "; ".join(f"{row.label} ({row.contribution:+.2f})"
                              for row in drivers.itertuples())
    chart = figures.forecast_history_chart(forecast_store.history(wh, iso3), current, 330)
    return [*parts,
            Paragraph(f"<b>{escape(forecast_text.headline(current))}</b>", s["body"]),
            Paragraph(escape(forecast_text.change_text(current)), s["body"]),
            Paragraph(f"<b>Largest contributions</b> (against the average country, log-odds; "
                      f"positive raises the risk): {escape(contributions)}", s["body"]),
            _image(_png(draw, chart, 1000, 330), CONTENT_W * 0.85, 1000, 330),
            Paragraph(
                f"What it predicts: {escape(summary['predicts'])}. Each point is the forecast "
                "made with the data of the year before only; crosses mark the years a new "
                f"mass killing began. Backtest {summary['backtest_years']}: AUC "
                f"{summary['auc']:.3f}, {summary['top30_share']:.0%} of "
                f"{summary['onsets']} onsets in that year's top 30 (the Early Warning "
                f"Project's own: {summary['anchor_auc']:.3f}, "
                f"{summary['anchor_top30_share']:.0%}). Data through "
                f"{summary['data_through']}; method: docs/analytics.md.", s["muted"]),
            PageBreak()]


def _early_warning(wh: Warehouse, iso3: str, draw: Renderer, s: dict) -> list:
    """Escalation in one sentence, the 14-factor profile with its drivers, and the chart
    of its components (the analytics' own windows, which end at the latest incident
    date). Neither was backtested: the pack says so."""
    parts = [Paragraph("Early warning: dynamic signals and the 14-factor profile", s["h1"]),
             Paragraph("Not backtested: these describe recent incidents and the UN Framework "
                       "of Analysis risk factors; they explain, they do not forecast.",
                       s["muted"])]
    run = results.status(wh)
    if run is None:
        return [*parts, Paragraph("Analytics have not been computed for this warehouse.",
                                  s["body"]), PageBreak()]
    escalation = results.escalation_of_country(wh, iso3)
    country = escalation[escalation["level"] == "country"]
    if country.empty:
        parts.append(Paragraph("Escalation: no incidents in the last 56 weeks.", s["body"]))
    else:
        row = country.iloc[0]
        parts.append(Paragraph(f"<b>Escalation, {escape(row['trend'].lower())}:</b> "
                               f"{escape(early_warning.escalation_sentence(row))}", s["body"]))
    components = results.risk_of_country(wh, iso3)
    if components.empty:
        parts.append(Paragraph("No risk score: no indicators or incidents for this country.",
                               s["body"]))
        return [*parts, PageBreak()]
    first = components.iloc[0]
    parts += [
        Paragraph(f"<b>14-factor profile (our index, not a UN score):</b> "
                  f"{early_warning.index_text(first)} · "
                  f"{early_warning.dimensions_text(first).lower()}", s["body"]),
        Paragraph(f"<b>Top drivers:</b> {escape(first['drivers'] or '–')}", s["body"]),
        _image(_png(draw, figures.risk_factors_chart(components, height=470), 1000, 470),
               CONTENT_W * 0.85, 1000, 470),
        Paragraph("Bars: each component's score, 0-10; dark blue the structural dimension, "
                  "red the dynamic one (risk factors and incident signals). Analytics as of "
                  "the latest incident date, "
                  f"{run.data_through:%-d %B %Y}; method: docs/analytics.md.", s["muted"]),
        PageBreak()]
    return parts


def _risk_matrix(wh: Warehouse, f: IncidentFilter, s: dict) -> list:
    matrix = results.assessment_matrix(wh, f)
    parts = [Paragraph("Framework of Analysis for Atrocity Crimes", s["h1"])]
    if (matrix["judgement"] == "not assessed").all():
        parts.append(Paragraph("No assessment of the 14 risk factors has been recorded for "
                               "this country yet.", s["body"]))
    rows = [["#", "Risk factor", "Crimes", "Judgement", "Evidence", "Assessed", "Model",
             "Incidents"]]
    for r in matrix.to_dict("records"):
        rows.append([str(r["factor"]), _cell(r["name"], s), r["crimes"], r["judgement"],
                     _cell(r["evidence"], s, ""), _plain(r["assessed_on"], ""),
                     format_value(r["model_score"]), format_value(r["incidents"])])
    table = Table(rows, colWidths=[10 * mm, 75 * mm, 34 * mm, 25 * mm, None, 23 * mm,
                                   15 * mm, 18 * mm], repeatRows=1)
    style = _table_style(s, header_rows=1)
    for i, r in enumerate(matrix.to_dict("records"), start=1):
        colour = JUDGEMENT_COLOURS.get(_plain(r["judgement"]), JUDGEMENT_COLOURS["unknown"])
        style.add("BACKGROUND", (3, i), (3, i), colors.HexColor(colour))
    table.setStyle(style)
    return [*parts, table, PageBreak()]


def _trainings(wh: Warehouse, f: IncidentFilter, s: dict) -> list:
    rows, totals = context.trainings(wh, f)
    parts = [Paragraph("Capacity building: trainings held", s["h1"]),
             Paragraph(f"{totals['trainings']:,} trainings with {totals['participants']:,} "
                       f"participants in the window.", s["body"])]
    if not rows.empty:
        data = [["Date", "Title", "Audience", "Organisation", "Participants", "Source"]]
        data += [[format_value(r["start_date"]), _cell(r["title"], s),
                  r["audience"].replace("_", " "), _cell(r["organisation"], s, ""),
                  format_value(r["participants"]), r["source"]]
                 for r in rows.to_dict("records")]
        table = Table(data, colWidths=[25 * mm, None, 32 * mm, 60 * mm, 26 * mm, 22 * mm],
                      repeatRows=1)
        table.setStyle(_table_style(s, header_rows=1))
        parts.append(table)
    parts += _coverage(wh, f, s)
    return [*parts, PageBreak()]


def _coverage(wh: Warehouse, f: IncidentFilter, s: dict) -> list:
    """The country's regional memberships and early-warning coverage on the pack's end
    date, its commitments, and its training history (every training ever hosted)."""
    lines = capacity_lines(wh, f.iso3, f.date_to)
    return [Paragraph(f"Prevention capacity on {f.date_to:%-d %B %Y}", s["h2"]),
            *[Paragraph(escape(line), s["body"]) for line in lines]]


def capacity_lines(wh: Warehouse, iso3: str, on) -> list[str]:
    """The capacity section in sentences: memberships (suspensions said), mechanisms,
    commitments, training history."""
    orgs = capacity.country_orgs(wh, iso3, on)
    current = orgs[orgs["left_on"].isna()]
    member = "Regional organisations: " + (", ".join(
        r["org_code"] + (f" since {r['joined_on']:%Y-%m-%d}" if not _missing(r["joined_on"])
                         else "")
        + (f" (suspended since {r['suspended_since']:%Y-%m-%d})" if r["suspended"] else "")
        for r in current.to_dict("records")) or "no membership recorded") + "."
    left = orgs[orgs["left_on"].notna()]
    if not left.empty:
        member += " Left: " + ", ".join(f"{r['org_code']} on {r['left_on']:%Y-%m-%d}"
                                        for r in left.to_dict("records")) + "."
    covering = orgs[orgs["early_warning"].notna()]
    mechanisms = ("Regional early-warning mechanisms covering it: "
                  + "; ".join(f"{r['org_code']} {r['early_warning']}"
                              for r in covering.to_dict("records")) + "."
                  if not covering.empty else
                  "No regional early-warning mechanism covers it (as recorded).")
    held = capacity.country_commitments(wh, iso3)
    commitments = ("Commitments: " + "; ".join(
        f"{r['commitment'].replace('_', ' ')}: {r['status'].replace('_', ' ')}"
        + (f" since {r['since']:%Y-%m-%d}" if not _missing(r["since"]) else "")
        + (f" until {r['until']:%Y-%m-%d}" if not _missing(r["until"]) else "")
        for r in held.to_dict("records")) + " (source: " + ", ".join(
        sorted(set(held["source"]))) + ")." if not held.empty else
        "Commitments: none recorded (Genocide Convention, Rome Statute, R2P focal point, "
        "national mechanism).")
    history = capacity.training_history(wh, capacity.TrainingFilter(
        on.replace(year=1900), on, iso3=iso3))
    trained = ("Training history: no training recorded." if history.empty else
               f"Training history: {_count(int(history['trainings'].iloc[0]), 'training')} with "
               f"{int(history['participants'].iloc[0]):,} participants, "
               f"{history['first_training'].iloc[0]:%Y-%m} to "
               f"{history['latest_training'].iloc[0]:%Y-%m} (audiences: "
               f"{history['audiences'].iloc[0]}).")
    return [member, mechanisms, commitments, trained]


def _missing(value) -> bool:
    return value is None or value != value


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _largest(wh: Warehouse, f: IncidentFilter, s: dict) -> list:
    rows = incidents.incident_rows(wh, f, "fatalities", True, 0, LARGEST)
    data = [["Date", "Admin-1 region", "Location", "Category", "Perpetrator", "Target",
             "Deaths", "Civilian", "Source"]]
    for r in rows.to_dict("records"):
        data.append([format_value(r["event_date"]), _cell(r["admin1_name"], s),
                     _cell(r["location"], s),
                     _cell(r["category"].replace("_", " "), s),
                     _cell(r["perpetrator"], s),
                     _cell(r["target"], s), format_value(r["fatalities"]),
                     format_value(r["civilian_fatalities"]), r["source"]])
    table = Table(data, colWidths=[23 * mm, 32 * mm, 40 * mm, 36 * mm, None, 40 * mm,
                                   16 * mm, 16 * mm, 16 * mm], repeatRows=1)
    table.setStyle(_table_style(s, header_rows=1))
    return [Paragraph(f"The {LARGEST} deadliest incidents in the window", s["h1"]),
            table if len(data) > 1 else Paragraph("No incidents in this window.", s["body"]),
            PageBreak()]


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

def _compose(story: list, name: str, ctx: ExportContext, s: dict) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN + 6 * mm, bottomMargin=MARGIN + 6 * mm,
                            title=f"Briefing pack: {name}", author="Atrocity Risk Monitor",
                            subject=ctx.filters, creator="Atrocity Risk Monitor")
    frame = _page_frame(name, ctx, s["fonts"])
    doc.build(story, onFirstPage=frame, onLaterPages=frame)
    return out.getvalue()


def _page_frame(name: str, ctx: ExportContext, fonts: _Fonts):
    """What every page carries: classification top and bottom, demo mark, page number."""

    def draw(canvas, doc) -> None:
        width, height = PAGE
        canvas.saveState()
        if ctx.classification:
            canvas.setFont(fonts.bold, 10)
            canvas.setFillColor(colors.HexColor("#9b1c1c"))
            canvas.drawCentredString(width / 2, height - 10 * mm, ctx.classification.upper())
            canvas.drawCentredString(width / 2, 7 * mm, ctx.classification.upper())
        if ctx.demo:
            canvas.setFont(fonts.bold, 9)
            canvas.setFillColor(colors.HexColor("#8a3b00"))
            canvas.drawRightString(width - MARGIN, height - 10 * mm, DEMO_MARK)
        canvas.setFont(fonts.regular, 8)
        canvas.setFillColor(colors.HexColor("#59636e"))
        canvas.drawString(MARGIN, 12 * mm, f"Briefing pack: {name} · {ctx.made_text}")
        canvas.drawRightString(width - MARGIN, 12 * mm, f"Page {doc.page}")
        canvas.restoreState()

    return draw


def _png(draw: Renderer, figure: dict, width: int, height: int) -> bytes:
    fig = dict(figure, layout=dict(figure["layout"], width=width, height=height))
    fig["layout"].pop("uirevision", None)
    return draw.render(fig, "png", width, height, 2.0)


def _image(png: bytes, width: float, px_w: int, px_h: int) -> Image:
    return Image(io.BytesIO(png), width=width, height=width * px_h / px_w)


def _plain(value, missing: str = "–") -> str:
    """A value as table text: numbers and dates formatted, missing values as ``missing``."""
    text = format_value(value)
    return missing if text == "–" else text


def _cell(value, s: dict, missing: str = "–") -> Paragraph:
    """A wrapping table cell; the text is escaped (reportlab reads markup in paragraphs)."""
    return Paragraph(escape(_plain(value, missing)), s["cell"])


def _table_style(s: dict, header_rows: int) -> TableStyle:
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
    import reportlab

    bundled = Path(reportlab.__file__).parent / "fonts"
    return _register("Vera", bundled / "Vera.ttf", bundled / "VeraBd.ttf")


def _register(name: str, regular: Path, bold: Path) -> _Fonts:
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(regular)))
        pdfmetrics.registerFont(TTFont(f"{name}-Bold", str(bold)))
    return _Fonts(name, f"{name}-Bold")


def _styles(fonts: _Fonts) -> dict:
    ink, muted = colors.HexColor("#1d2733"), colors.HexColor("#59636e")

    def style(name, size, font=fonts.regular, color=ink, **kw):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3,
                              textColor=color, **kw)

    return {
        "fonts": fonts,
        "kicker": style("kicker", 13, color=muted),
        "cover": style("cover", 34, fonts.bold, spaceBefore=4, spaceAfter=10),
        "lead": style("lead", 14, color=muted),
        "classification": style("classification", 16, fonts.bold, colors.HexColor("#9b1c1c"),
                                spaceAfter=6),
        "h1": style("h1", 18, fonts.bold, spaceAfter=8),
        "h2": style("h2", 11, fonts.bold, spaceAfter=4),
        "body": style("body", 10, spaceAfter=4),
        "bullet": style("bullet", 10, leftIndent=12, spaceAfter=3),
        "muted": style("muted", 9, color=muted, spaceBefore=2),
        "cell": style("cell", 8.5),
        "demo": style("demo", 11, fonts.bold, colors.HexColor("#8a3b00"),
                      backColor=colors.HexColor("#fff4e0"), borderPadding=6),
    }
