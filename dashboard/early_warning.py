"""The early-warning panels of the country page: escalation, risk drivers, the Framework of
Analysis matrix and hot cells. Pure builders: frames in, components out."""

from __future__ import annotations

from urllib.parse import urlencode

import numpy as np
import pandas as pd
from dash import dcc, html

from dashboard.components import format_value, table
from dashboard.dates import day_text
from geodata.places import ATTRIBUTION
from queries.incidents import IncidentFilter

JUDGEMENT_CLASS = {"present": "judgement present", "absent": "judgement absent",
                   "unknown": "judgement unknown", "not assessed": "judgement none"}


def escalation_panel(frame: pd.DataFrame) -> html.Div:
    """The country's escalation in one sentence, then its admin-1 regions that moved."""
    country = frame[frame["level"] == "country"]
    if country.empty:
        return html.P("No incidents in the last 56 weeks: nothing to compare.",
                      id="country-escalation", className="muted")
    row = country.iloc[0]
    regions = frame[(frame["level"] == "admin1") & (frame["change_level"] != 0)]
    return html.Div([
        html.P([html.Span(row["arrow"], className=f"arrow level{int(row['change_level'])}"),
                html.B(f" {row['trend']}: "), escalation_sentence(row)],
               className="escalation-line"),
        html.P(f"Civilian fatalities: {row['civilian_latest']:,} in the latest 4 weeks "
               f"({row['civilian_vs_baseline'].replace('_', ' ')} against the year before).",
               className="muted"),
        table("country-escalation-regions",
              regions.assign(change=regions["arrow"] + " " + regions["trend"]),
              {"admin1_name": "Admin-1 region", "change": "Escalation",
               "events_latest": "Events, latest 4 weeks",
               "events_previous": "Previous 4 weeks"}) if not regions.empty else
        html.P("No admin-1 region changed beyond the thresholds.", className="muted"),
    ], id="country-escalation")


def escalation_sentence(row) -> str:
    """'12 events in the 4 weeks to 31 Oct 2026, against 8.3 expected from the 52 weeks
    before (+45%) and 9 in the previous 4 weeks.'"""
    expected = 4 * row["events_baseline_weekly"]
    change = row["change_vs_baseline"]
    change_text = "" if pd.isna(change) else f" ({change:+.0%})"
    return (f"{row['events_latest']:,} events in the 4 weeks to "
            f"{day_text(row['window_end'])}, against {expected:,.1f} expected from the 52 "
            f"weeks before{change_text} and {row['events_previous']:,} in the previous 4 weeks.")


def risk_summary(components: pd.DataFrame) -> html.Div:
    """The index, its two dimensions, completeness and drivers, in words."""
    if components.empty:
        return html.P("No risk score: the warehouse has no indicators or incidents for this "
                      "country.", id="country-risk-summary", className="muted")
    first = components.iloc[0]
    return html.Div([
        html.P([html.B("Risk index (our model, not a UN score): "), index_text(first)]),
        html.P(dimensions_text(first), className="muted"),
        html.P([html.B("Top drivers: "), first["drivers"] or "–"]),
        html.P("Indicators are scaled 0-10 between their catalogue bounds and averaged into "
               "the 14 risk factors of the UN Framework of Analysis; the index is the "
               "geometric mean of the structural and the dynamic dimension (which adds "
               "civilian fatalities, escalation and hot cells).", className="muted small"),
    ], id="country-risk-summary")


def index_text(row) -> str:
    """'6.1 / 10', or why there is no index, for a row of ``results.risk_of_country``."""
    if pd.isna(row["risk_index"]):
        return "not computed (a dimension has no inputs)"
    return f"{row['risk_index']:.1f} / 10"


def dimensions_text(row) -> str:
    """'Structural 6.3 · dynamic 5.7 · indicators present 100%'."""
    return (f"Structural {format_value(row['structural'])} · dynamic "
            f"{format_value(row['dynamic'])} · indicators present {row['completeness']:.0%}")


def assessment_matrix(frame: pd.DataFrame, f: IncidentFilter) -> html.Table:
    """The 14 risk factors: analysts' latest judgement, our model's score, and a link to
    the incidents in the window that are evidence for the factor."""
    head = html.Thead(html.Tr([html.Th(label, scope="col") for label in (
        "Risk factor", "Crimes", "Judgement", "Evidence", "Assessed", "Model score",
        "Supporting incidents")]))
    body = html.Tbody([_matrix_row(row, f) for row in frame.to_dict("records")])
    return html.Table([head, body], id="country-foa-matrix", className="data-table matrix")


def _matrix_row(row: dict, f: IncidentFilter) -> html.Tr:
    judgement = row["judgement"]
    assessed = "–" if row["assessed_on"] is None or pd.isna(row["assessed_on"]) else \
        f"{row['assessed_on']:%Y-%m-%d} by {row['analyst']}" + (
            f" ({row['assessments']} assessments)" if row["assessments"] > 1 else "")
    return html.Tr([
        html.Td([html.B(f"{row['factor']}. "), row["name"]]),
        html.Td(row["crimes"]),
        html.Td(judgement, className=JUDGEMENT_CLASS.get(judgement, "")),
        html.Td(row["evidence"] or "–", className="evidence"),
        html.Td(assessed),
        html.Td(format_value(row["model_score"])),
        html.Td(_supporting_link(row, f)),
    ])


def _supporting_link(row: dict, f: IncidentFilter):
    categories = list(row["categories"])
    if not categories:
        return html.Span("no incident category", className="muted")
    noun = "incident" if row["incidents"] == 1 else "incidents"
    return dcc.Link(f"{row['incidents']:,} {noun} →",
                    href=supporting_href(f, categories),
                    title="Incidents of " + ", ".join(c.replace("_", " ") for c in categories))


def supporting_href(f: IncidentFilter, categories: list[str]) -> str:
    """The country page filtered to ``categories`` in ``f``'s window, source and region."""
    query = {"from": f.date_from.isoformat(), "to": f.date_to.isoformat(),
             "category": ",".join(categories)}
    if f.source:
        query["source"] = f.source
    if f.admin1:
        query["admin1"] = f.admin1
    return f"/country/{f.iso3}?{urlencode(query)}#country-incident-table"


def forecast_cells_table(frame: pd.DataFrame, note: str) -> html.Div | html.P:
    """The country's cells with the highest forecast probability, likeliest first, named
    by admin-1 region and nearest town; ``note`` says what the forecast is and how well it
    did on this warehouse."""
    if frame.empty:
        return html.P(note, id="country-hot-cells", className="muted")
    shown = frame.assign(
        probability_text=(100 * frame["probability"]).map("{:.0f}%".format),
        place=np.where(frame["town_km"] <= 5, frame["town"],
                       frame["town_km"].astype(str) + " km from " + frame["town"]),
        region=frame["admin1_name"].replace("", "–"))
    return html.Div([
        html.P(note, className="muted", id="country-forecast-note"),
        table("country-hot-cells", shown, {
            "probability_text": "Chance, next 3 months", "region": "Admin-1 region",
            "place": "Nearest town", "events_12m": "Incidents, last 12 months",
            "civilian_12m": "Against civilians", "gid": "PRIO-GRID"}),
        html.P(ATTRIBUTION, className="muted small")])
