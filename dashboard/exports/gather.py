"""Gather, then render: everything a briefing pack shows, read from the warehouse once into
one frozen :class:`Briefing`. The PDF and DOCX renderers and the key messages draw from
that object alone and never query, so the words and the tables cannot disagree.

The country forecast (a table ``country_forecast`` from another migration) has its own
optional field, :attr:`Briefing.forecast`, filled by :func:`country_forecast`; when the
warehouse has no such table the pack falls back on the risk index and escalation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from dashboard import early_warning, figures
from dashboard.components import format_value
from dashboard.dates import day_text
from dashboard.exports.context import ExportContext, export_context
from dashboard.exports.errors import ExportError
from dashboard.maps import MapView, page_map
from queries import capacity, context, incidents, notes
from queries.access import Access
from queries.analytics import results
from queries.db import Warehouse
from queries.forecast import store as forecast_store
from queries.incidents import IncidentFilter

LARGEST = 12  # what fits one A4 landscape page with the wrapped actor names
KPIS = (("incidents", "Incidents"), ("fatalities", "Fatalities"),
        ("civilian_fatalities", "Civilian fatalities"), ("regions", "Admin-1 regions affected"))
COMMITMENT_NAMES = {"genocide_convention": "Genocide Convention",
                    "rome_statute": "Rome Statute", "r2p_focal_point": "R2P focal point",
                    "national_mechanism": "National prevention mechanism"}
STATUS_NAMES = {"party": "State Party", "signatory": "signatory (not ratified)",
                "withdrawn": "withdrawn", "not_party": "not a party", "yes": "in place",
                "no": "none"}
AUDIENCE_NAMES = {"member_state": "Member State officials", "regional_org":
                  "regional organisation staff", "civil_society": "civil society",
                  "un_system": "UN system staff"}
SOURCE_NAMES = {"ucdp": "UCDP", "acled": "ACLED", "demo": "demo data", "native": "CSV",
                "hxl": "HXL", "reference": "reference file"}


MAP_PX, TREND_PX, RISK_PX = (1500, 720), (820, 560), (1000, 470)   # CSS px of each chart
FORECAST_PX = (1000, 330)       # the country forecast over the years


@dataclass(frozen=True)
class BriefingImages:
    """The pack's charts as PNG bytes (2x the CSS px), rendered once for every format."""

    map: bytes
    category_trend: bytes
    region_trend: bytes
    risk_chart: bytes | None
    risk_px: tuple[int, int] = RISK_PX            # the risk chart grows with its labels
    forecast_chart: bytes | None = None


@dataclass(frozen=True)
class Total:
    """One headline total of the window and of the previous window of equal length."""

    label: str
    now: int
    previous: int


@dataclass(frozen=True)
class Escalation:
    """The analytics' last 4 weeks against the 52 before them (country level)."""

    trend: str          # 'Limited change', 'Rising', ...
    sentence: str       # early_warning.escalation_sentence
    latest: int         # events in the last 4 weeks
    previous: int       # events in the 4 weeks before
    expected: float     # 4 x the weekly baseline
    window_end: date


@dataclass(frozen=True)
class RiskSummary:
    """The risk index (our model, not a UN score), its rank among scored countries."""

    index: float | None
    structural: float | None
    dynamic: float | None
    completeness: float
    drivers: str
    rank: int | None
    of: int


@dataclass(frozen=True)
class ForecastSummary:
    """The validated country forecast: risk that a new mass killing begins within the
    next 1-2 years (see :func:`country_forecast`)."""

    year: int            # the year forecast (the predictors' year + 1)
    risk: float          # probability 0..1 that a new mass killing begins in ``year``
    rank: int
    of: int
    drivers: str
    backtest: str        # e.g. 'AUC 0.838 in a rolling-origin backtest 1994-2024'


@dataclass(frozen=True)
class Note:
    """A final situation note or recommendation for action (latest version)."""

    kind: str            # 'situation' | 'recommendation'
    written_on: date
    author: str
    body: str


@dataclass(frozen=True)
class Briefing:
    """Everything one country's pack shows; tables as tuples of plain dicts."""

    iso3: str
    name: str
    filter: IncidentFilter
    context: ExportContext
    incident_sources: tuple[str, ...]  # short names, the largest contributor first
    totals: tuple[Total, ...]          # in the order of KPIS: incidents, fatalities, ...
    escalation: Escalation | None
    risk: RiskSummary | None
    forecast: ForecastSummary | None
    analytics_through: date | None
    factors: tuple[dict, ...]          # the 14 FoA factors, judgement in words
    trainings: tuple[dict, ...]
    trainings_in_window: int
    participants_in_window: int
    capacity: tuple[str, ...]          # sentences
    gaps: tuple[str, ...]              # what is missing, in words
    largest: tuple[dict, ...]
    notes: tuple[Note, ...]
    map_figure: dict
    map_legend: str
    map_title: str
    category_trend: dict
    region_trend: dict
    risk_chart: dict | None
    forecast_chart: dict | None = None  # the forecasts over the years, onsets marked

    @property
    def present_factors(self) -> tuple[dict, ...]:
        """The Framework of Analysis factors analysts judged present."""
        return tuple(r for r in self.factors if r["judgement"] == "present")


def gather_briefing(wh: Warehouse, f: IncidentFilter, classification: str = "",
                    made_at: datetime | None = None, trends: bool = True) -> Briefing:
    """Everything ``f.iso3``'s pack needs, read now; ``trends=False`` leaves the two trend
    charts empty (the situation report does not show them)."""
    if not f.iso3:
        raise ExportError("a briefing pack needs a country (iso3)")
    name = incidents.country_name(wh, f.iso3)
    if name is None:
        raise ExportError(f"there is no country with the code {f.iso3!r}")
    shown = page_map(wh, MapView("country", f))
    totals = incidents.totals_with_change(wh, f)
    run = results.status(wh)
    trainings, in_window = context.trainings(wh, f)
    lines, gaps = capacity_summary(wh, f.iso3, f.date_to)
    components = results.risk_of_country(wh, f.iso3) if run else pd.DataFrame()
    return Briefing(
        iso3=f.iso3, name=name, filter=f,
        context=export_context(wh, f, classification, made_at, f.admin1),
        incident_sources=tuple(SOURCE_NAMES.get(s, s) for s in incidents.window_sources(wh, f)),
        totals=tuple(Total(label, int(totals[key][0]), int(totals[key][1]))
                     for key, label in KPIS),
        escalation=_escalation(wh, f.iso3) if run else None,
        risk=_risk(wh, f.iso3, components), forecast=country_forecast(wh, f.iso3),
        analytics_through=run.data_through if run else None,
        factors=_factors(results.assessment_matrix(wh, f)),
        trainings=_records(trainings), trainings_in_window=int(in_window["trainings"]),
        participants_in_window=int(in_window["participants"]),
        capacity=lines, gaps=gaps,
        largest=_records(incidents.incident_rows(wh, f, "fatalities", True, 0, LARGEST)),
        notes=final_notes(wh, f.iso3),
        map_figure=shown.figure(), map_legend=shown.legend, map_title=shown.title,
        category_trend=figures.time_series(
            incidents.timeseries(wh, f, "month", by="category"), "category",
            figures.category_labels(), height=560) if trends else {},
        region_trend=figures.time_series(
            incidents.timeseries(wh, f, "month", by="admin1"), "region", height=560)
        if trends else {},
        risk_chart=figures.risk_factors_chart(components, height=RISK_PX[1])
        if not components.empty else None,
        forecast_chart=_forecast_chart(wh, f.iso3))


def _forecast_chart(wh: Warehouse, iso3: str) -> dict | None:
    """The country's forecasts over the years (each made with the year before's data
    only) with the onsets marked, as on the country page; None without a forecast."""
    current = forecast_store.country_forecast(wh, iso3)
    if current is None:
        return None
    return figures.forecast_history_chart(forecast_store.history(wh, iso3), current,
                                          FORECAST_PX[1])


def country_forecast(wh: Warehouse, iso3: str) -> ForecastSummary | None:
    """The validated country forecast of ``iso3`` (migration 007, :mod:`queries.forecast`),
    with its backtest in words; None when the forecast does not cover the country."""
    current = forecast_store.country_forecast(wh, iso3)
    backtest = forecast_store.summary(wh)
    if current is None:
        return None
    tested = "" if backtest is None else (
        f"AUC {backtest['auc']:.3f}, {backtest['top30_share']:.0%} of "
        f"{backtest['onsets']} onsets in that year's top 30 in the rolling-origin backtest "
        f"{backtest['backtest_years']}")
    return ForecastSummary(int(current["data_year"]) + 1, float(current["risk_1y"]),
                           int(current["rank"]), int(current["countries_ranked"]),
                           str(current["drivers"] or ""), tested)


def final_notes(wh: Warehouse, iso3: str) -> tuple[Note, ...]:
    """The final situation notes and recommendations of ``iso3``, as a viewer sees them
    (a pack never carries a draft)."""
    shown = notes.current_notes(wh, Access(None, "viewer"), iso3)
    return tuple(Note(n.kind, n.written_on, n.author, n.body) for n in shown)


def capacity_summary(wh: Warehouse, iso3: str, on: date) -> tuple[tuple[str, ...],
                                                                   tuple[str, ...]]:
    """The capacity section in sentences (memberships with suspensions, mechanisms,
    commitments, training history) and the gaps among them in words."""
    orgs = capacity.country_orgs(wh, iso3, on)
    held = capacity.country_commitments(wh, iso3)
    history = capacity.training_history(wh, capacity.TrainingFilter(
        on.replace(year=1900), on, iso3=iso3))
    lines = (_memberships(orgs), _mechanisms(orgs), _commitments(held), _history(history))
    return lines, _gaps(orgs, held, history)


def commitment_text(commitment: str, status: str) -> str:
    """'Rome Statute: State Party' for ('rome_statute', 'party')."""
    return (f"{COMMITMENT_NAMES.get(commitment, commitment.replace('_', ' '))}: "
            f"{STATUS_NAMES.get(status, status.replace('_', ' '))}")


def _memberships(orgs: pd.DataFrame) -> str:
    current = orgs[orgs["left_on"].isna()]
    text = "Regional organisations: " + (", ".join(
        f"{r['name']} ({r['org_code']})"
        + (f" since {day_text(r['joined_on'])}" if not _missing(r["joined_on"]) else "")
        + (f", suspended since {day_text(r['suspended_since'])}" if r["suspended"] else "")
        for r in current.to_dict("records")) or "no membership recorded") + "."
    left = orgs[orgs["left_on"].notna()]
    if not left.empty:
        text += " Left: " + ", ".join(f"{r['org_code']} on {day_text(r['left_on'])}"
                                      for r in left.to_dict("records")) + "."
    return text


def _mechanisms(orgs: pd.DataFrame) -> str:
    covering = orgs[orgs["early_warning"].notna()]
    if covering.empty:
        return "No regional early-warning mechanism covers it (as recorded)."
    return ("Regional early-warning mechanisms covering it: "
            + "; ".join(f"{r['early_warning']} ({r['org_code']})"
                        for r in covering.to_dict("records")) + ".")


def _commitments(held: pd.DataFrame) -> str:
    if held.empty:
        return ("Commitments: none recorded (Genocide Convention, Rome Statute, R2P focal "
                "point, national mechanism).")
    sources = ", ".join(sorted({SOURCE_NAMES.get(s, s) for s in held["source"]}))
    return "Commitments: " + "; ".join(
        commitment_text(r["commitment"], r["status"])
        + (f" since {day_text(r['since'])}" if not _missing(r["since"]) else "")
        + (f" until {day_text(r['until'])}" if not _missing(r["until"]) else "")
        for r in held.to_dict("records")) + f" (source: {sources})."


def _history(history: pd.DataFrame) -> str:
    if history.empty:
        return "Training history: no training recorded."
    r = history.iloc[0]
    audiences = ", ".join(AUDIENCE_NAMES.get(a.strip(), a.strip().replace("_", " "))
                          for a in str(r["audiences"]).split(","))
    return (f"Training history: {_count(int(r['trainings']), 'training')} with "
            f"{int(r['participants']):,} participants, {r['first_training']:%b %Y} to "
            f"{r['latest_training']:%b %Y} (audiences: {audiences}).")


def _gaps(orgs: pd.DataFrame, held: pd.DataFrame, history: pd.DataFrame) -> tuple[str, ...]:
    """What prevention capacity is missing: suspensions, no mechanism, commitments not
    held or not recorded, no training."""
    gaps = [f"membership of {r['org_code']} suspended since {day_text(r['suspended_since'])}"
            for r in orgs[orgs["left_on"].isna()].to_dict("records") if r["suspended"]]
    if orgs["early_warning"].dropna().empty:
        gaps.append("no regional early-warning mechanism covers it")
    status = dict(zip(held["commitment"], held["status"], strict=True))
    for code in capacity.COMMITMENTS:
        if code not in status:
            gaps.append(f"{COMMITMENT_NAMES[code]} not recorded")
        elif status[code] not in ("party", "yes"):
            gaps.append(commitment_text(code, status[code]))
    if history.empty:
        gaps.append("no training recorded")
    return tuple(gaps)


def _escalation(wh: Warehouse, iso3: str) -> Escalation | None:
    frame = results.escalation_of_country(wh, iso3)
    country = frame[frame["level"] == "country"]
    if country.empty:
        return None
    r = country.iloc[0]
    return Escalation(str(r["trend"]), early_warning.escalation_sentence(r),
                      int(r["events_latest"]), int(r["events_previous"]),
                      4 * float(r["events_baseline_weekly"]),
                      pd.Timestamp(r["window_end"]).date())


def _risk(wh: Warehouse, iso3: str, components: pd.DataFrame) -> RiskSummary | None:
    """The index of ``iso3`` with its rank among the countries that have one."""
    if components.empty:
        return None
    r = components.iloc[0]
    ranked = results.risk_by_country(wh).dropna(subset=["risk_index"])
    iso3s = list(ranked["iso3"])
    rank = iso3s.index(iso3) + 1 if iso3 in iso3s else None
    return RiskSummary(_number(r["risk_index"]), _number(r["structural"]),
                       _number(r["dynamic"]), float(r["completeness"]),
                       str(r["drivers"] or ""), rank, len(iso3s))


def _factors(matrix: pd.DataFrame) -> tuple[dict, ...]:
    rows = []
    for r in matrix.to_dict("records"):
        rows.append(dict(r, crimes=_crimes(r["crimes"]), assessed_on=format_value(r["assessed_on"]),
                         judgement=format_value(r["judgement"]).replace("–", "not assessed")))
    return tuple(rows)


def _crimes(code) -> str:
    text = format_value(code)
    return "all atrocity crimes" if text == "all" else text


def _records(frame: pd.DataFrame) -> tuple[dict, ...]:
    return tuple(frame.to_dict("records"))


def _number(value) -> float | None:
    return None if _missing(value) else float(value)


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
