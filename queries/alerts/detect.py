"""Change detection after every analytics refresh, on the refresh's writer connection.

Each run records what it sees as *levels* per subject (``alert_states``): an escalation
class (2 large, 1 moderate increase), a hot cell (2 when new or intensifying), a country in
the forecast's top ranks, a cell forecast above a threshold, a week of civilian deaths over
a threshold, and the last incident day of every place. A change is a level that rose
against the previous run or against the latest run whose data ended 7 days earlier. Two
kinds come from the incidents new since the previous run instead: the first incident in a
place quiet for over a year, and new restricted reports.

The first run only records levels (a baseline), so a new warehouse does not alert on its
whole history. Every change carries a key (what changed, to which level); a key alerted
in the last ``DEDUP_DAYS`` of data is never alerted again, so a second refresh, or the
same change seen again against the week-earlier run, adds nothing.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import duckdb
import pandas as pd
import pyarrow as pa

from queries.importing.batches import utc_now
from queries.statements import execute_with_rows, named_sql

DEDUP_DAYS = 14
KEEP_DAYS = 35
EVIDENCE_ROWS = 10


@dataclass(frozen=True)
class Limits:
    """The thresholds of change detection (our choices, stated once)."""

    min_confidence: int = 95          # a hot cell counts at Gi* 95% or more
    fatalities_week: int = 25         # civilian deaths in a week: medium
    fatalities_high: int = 100        # ... and high
    top_n: int = 30                   # the forecast's top ranks (the EWP reports its top 30)
    top_high: int = 10
    cell_threshold: float = 0.3       # a cell forecast at 30% or more
    cell_high: float = 0.6
    quiet_days: int = 365


DEFAULT_LIMITS = Limits()
# The forecast tables land in other migrations: (their levels' query, the alert kind).
OPTIONAL_STATES = {"country_forecast": ("alerts_state_country_forecast", "forecast_rank"),
                   "cell_forecast": ("alerts_state_cell_forecast", "forecast_cells")}


@dataclass(frozen=True)
class Detection:
    """What one run did."""

    alerts: int
    baseline: bool                     # the first run: levels recorded, nothing alerted
    skipped: tuple[str, ...]           # notes on kinds whose input table is missing
    seconds: float

    def line(self) -> str:
        """One line for the command line."""
        what = "baseline recorded" if self.baseline else f"{self.alerts} new alert(s)"
        notes = "".join(f"; {note}" for note in self.skipped)
        return f"Alerts: {what} in {self.seconds:.2f} s{notes}"


@dataclass
class Alert:
    """One alert before it is stored."""

    kind: str
    iso3: str
    admin1_code: str | None
    severity: str
    headline: str
    evidence: dict
    basis: str
    keys: list[str]
    restricted: bool = False
    ask: dict = field(default_factory=dict)   # the evidence query's filter


def detect_alerts(con: duckdb.DuckDBPyConnection, through: date | None,
                  now: datetime | None = None, limits: Limits = DEFAULT_LIMITS) -> Detection:
    """Record this run's levels and store an alert for every change not alerted before.

    ``con`` is a writer connection (inside the refresh's transaction is fine); ``through``
    the latest incident date. Returns what was done; nothing happens without incidents.
    """
    started = time.perf_counter()
    if through is None:
        return Detection(0, False, (), 0.0)
    run_at = now or utc_now()
    previous, previous_batch, week_run = con.execute(
        named_sql("alerts_previous_run"), {"week_before": through - timedelta(days=7),
                                           "kept_since": run_at - timedelta(days=KEEP_DAYS)}
    ).fetchall()[0]
    max_batch = con.execute(named_sql("alerts_max_batch")).fetchall()[0][0]
    skipped = _record_levels(con, run_at, through, previous, previous_batch, limits)
    alerts: list[Alert] = []
    if previous is not None:
        alerts = _changes(con, run_at, previous, week_run, through, limits)
        alerts += _event_alerts(con, previous, previous_batch, max_batch, through, limits)
        alerts = _not_alerted_before(con, alerts, through)
        _store_alerts(con, alerts, run_at, through)
    con.execute("DROP TABLE IF EXISTS _new_places")
    seconds = time.perf_counter() - started
    con.execute(named_sql("alerts_run_insert"),
                {"run_at": run_at, "data_as_of": through, "max_batch": max_batch,
                 "alerts": len(alerts), "seconds": seconds})
    con.execute(named_sql("alerts_prune_states"),
                {"cutoff": run_at - timedelta(days=KEEP_DAYS)})
    return Detection(len(alerts), previous is None, skipped, round(seconds, 3))


def _record_levels(con, run_at: datetime, through: date, previous, previous_batch,
                   limits: Limits) -> tuple[str, ...]:
    """Store this run's levels; the notes on optional kinds skipped for want of a table."""
    since = through - timedelta(days=6)
    _insert_states(con, run_at, "alerts_state_escalation", {})
    _insert_states(con, run_at, "alerts_state_hotspots",
                   {"min_confidence": limits.min_confidence})
    _insert_states(con, run_at, "alerts_state_fatalities",
                   {"since": since, "through": through, "threshold": limits.fatalities_week,
                    "high": limits.fatalities_high})
    present = {row[0] for row in con.execute(named_sql("alerts_tables_present")).fetchall()}
    forecast_params = {"country_forecast": {"top_n": limits.top_n, "top_high": limits.top_high},
                       "cell_forecast": {"threshold": limits.cell_threshold,
                                         "high": limits.cell_high}}
    for table, (query, _) in OPTIONAL_STATES.items():
        if table in present:
            _insert_states(con, run_at, query, forecast_params[table])
    con.execute("CREATE OR REPLACE TEMP TABLE _new_places AS " + named_sql("alerts_new_places"),
                {"max_batch": -1 if previous_batch is None else previous_batch})
    if previous is None:
        _insert_states(con, run_at, "alerts_state_last_event_all", {})
    else:
        _insert_states(con, run_at, "alerts_state_last_event_merge", {"previous": previous})
    return tuple(f"no {table} table: {kind} alerts skipped"
                 for table, (_, kind) in OPTIONAL_STATES.items() if table not in present)


def _insert_states(con, run_at: datetime, query: str, params: dict) -> None:
    con.execute("INSERT INTO alert_states BY NAME SELECT $run_at AS run_at, * FROM ("  # noqa: S608 (a named query)
                + named_sql(query) + ")", dict(params, run_at=run_at))


def _changes(con, run_at: datetime, previous: datetime, week_run: datetime | None,
             through: date, limits: Limits) -> list[Alert]:
    """Alerts for the levels that rose since the previous run or the week-earlier run."""
    rising = _rising(con, run_at, previous).assign(basis="previous refresh")
    if week_run is not None and week_run != previous:
        week = _rising(con, run_at, week_run).assign(basis="7 days earlier")
        rising = pd.concat([rising, week]).drop_duplicates(["kind", "subject"], keep="first")
    makers = {"escalation": _escalation_alerts, "hotspot": _hotspot_alerts,
              "fatalities": _fatality_alerts, "forecast_rank": _forecast_rank_alerts,
              "forecast_cells": _forecast_cell_alerts}
    alerts = []
    for kind, rows in rising.groupby("kind"):
        alerts += makers[kind](con, rows, through, limits)
    return alerts


def _rising(con, now: datetime, then: datetime) -> pd.DataFrame:
    return con.execute(named_sql("alerts_rising"), {"now": now, "then": then}).df()


def _escalation_alerts(con, rows: pd.DataFrame, through: date, _limits: Limits) -> list[Alert]:
    figures = con.execute(named_sql("alerts_escalation_rows")).df().set_index("subject")
    names = _names(con)
    alerts = []
    for row in rows.itertuples():
        fig = figures.loc[row.subject]
        country = row.admin1_code is None or pd.isna(row.admin1_code)
        size = "large" if row.level == 2 else "moderate"
        place = _place(names, row.iso3, None if country else row.admin1_code)
        change = fig.change_vs_baseline
        change_text = "" if pd.isna(change) else f" ({change:+.0%})"
        headline = (f"{place}: {size} increase in incidents, {int(fig.events_latest)} in the "
                    f"4 weeks to {_day(through)} against {fig.events_expected:.0f} expected "
                    f"from the year before{change_text}.")
        severity = ("high" if row.level == 2 else "medium") if country else \
            ("medium" if row.level == 2 else "low")
        alerts.append(Alert(
            "escalation", row.iso3, None if country else row.admin1_code, severity, headline,
            {"figures": {"events_latest": int(fig.events_latest),
                         "events_expected": round(float(fig.events_expected), 1),
                         "change_vs_baseline": None if pd.isna(change) else round(change, 3),
                         "previous_level": _escalation_level(row.old_level),
                         "level": _escalation_level(row.level)}},
            row.basis, [f"escalation|{row.subject}|{row.level}"],
            ask={"date_from": fig.window_start, "date_to": fig.window_end}))
    return alerts


def _hotspot_alerts(con, rows: pd.DataFrame, _through: date, limits: Limits) -> list[Alert]:
    cells = con.execute(named_sql("alerts_hot_cell_rows"),
                        {"min_confidence": limits.min_confidence}).df().set_index("subject")
    names = _names(con)
    alerts = []
    for iso3, group in rows.groupby("iso3"):
        found = cells.loc[group["subject"]]
        rising_to_2 = int((group["level"] == 2).sum())
        headline = (f"{_place(names, iso3, None)}: {len(group)} hot cell(s) new or "
                    f"intensifying at Gi* {limits.min_confidence}% or more, with "
                    f"{int(found['events'].sum())} incidents in them "
                    f"({rising_to_2} marked new or intensifying by the trend).")
        alerts.append(Alert(
            "hotspot", iso3, None, "medium" if rising_to_2 else "low", headline,
            {"figures": {"cells": [{"gid": int(c.gid), "confidence": int(c.confidence),
                                    "pattern": c.pattern, "events": int(c.events)}
                                   for c in found.itertuples()]}},
            group["basis"].iloc[0],
            [f"hotspot|{s}|{lv}" for s, lv in zip(group["subject"], group["level"],
                                                  strict=True)],
            ask={"date_from": found["window_start"].min(), "date_to": found["window_end"].max(),
                 "gids": [int(g) for g in found["gid"]]}))
    return alerts


def _fatality_alerts(con, rows: pd.DataFrame, through: date, limits: Limits) -> list[Alert]:
    names = _names(con)
    since = through - timedelta(days=6)
    alerts = []
    for row in rows.itertuples():
        limit = limits.fatalities_high if row.level == 2 else limits.fatalities_week
        headline = (f"{_place(names, row.iso3, None)}: {int(row.value)} civilians killed in "
                    f"the week to {_day(through)}, at or over {limit}.")
        alerts.append(Alert(
            "fatalities", row.iso3, None, "high" if row.level == 2 else "medium", headline,
            {"figures": {"civilian_fatalities": int(row.value), "threshold": limit,
                         "week_from": since.isoformat(), "week_to": through.isoformat()}},
            row.basis, [f"fatalities|{row.subject}|{row.level}"],
            ask={"date_from": since, "date_to": through}))
    return alerts


def _forecast_rank_alerts(con, rows: pd.DataFrame, through: date,
                          limits: Limits) -> list[Alert]:
    forecast = con.execute(named_sql("alerts_forecast_rows")).df().set_index("iso3")
    names = _names(con)
    alerts = []
    for row in rows.itertuples():
        fc = forecast.loc[row.iso3]
        top = limits.top_high if row.level == 2 else limits.top_n
        was = "outside it" if pd.isna(row.old_value) else f"rank {int(row.old_value)}"
        headline = (f"{_place(names, row.iso3, None)} entered the top {top} of the country "
                    f"forecast for {int(fc.year)}: rank {int(fc['rank'])}, risk "
                    f"{fc.risk:.1%} (was {was}).")
        alerts.append(Alert(
            "forecast_rank", row.iso3, None, "high" if row.level == 2 else "medium", headline,
            {"figures": {"rank": int(fc["rank"]), "risk": float(fc.risk), "year": int(fc.year),
                         "previous_rank": None if pd.isna(row.old_value)
                         else int(row.old_value)}},
            row.basis, [f"forecast_rank|{row.iso3}|{row.level}"],
            ask={"date_from": through - timedelta(days=27), "date_to": through}))
    return alerts


def _forecast_cell_alerts(con, rows: pd.DataFrame, through: date,
                          limits: Limits) -> list[Alert]:
    names = _names(con)
    alerts = []
    for iso3, group in rows.groupby("iso3"):
        top = float(group["value"].max())
        headline = (f"{_place(names, iso3, None)}: {len(group)} cell(s) newly forecast at "
                    f"{limits.cell_threshold:.0%} or more for violence against civilians in "
                    f"the next 3 months (highest {top:.0%}).")
        gids = [int(s.split(":")[1]) for s in group["subject"]]
        alerts.append(Alert(
            "forecast_cells", iso3, None, "medium" if (group["level"] == 2).any() else "low",
            headline,
            {"figures": {"cells": [{"gid": g, "probability": round(float(p), 3)}
                                   for g, p in zip(gids, group["value"], strict=True)]}},
            group["basis"].iloc[0],
            [f"forecast_cells|{s}|{lv}" for s, lv in zip(group["subject"], group["level"],
                                                         strict=True)],
            ask={"date_from": through - timedelta(days=89), "date_to": through, "gids": gids}))
    return alerts


def _event_alerts(con, previous: datetime, previous_batch, max_batch, through: date,
                  limits: Limits) -> list[Alert]:
    """Alerts from the incidents new since the previous run (later batches)."""
    if max_batch is None or (previous_batch is not None and max_batch <= previous_batch):
        return []
    after = -1 if previous_batch is None else previous_batch
    names = _names(con)
    alerts = []
    quiet = con.execute(named_sql("alerts_quiet_ended"),
                        {"previous": previous, "max_batch": after,
                         "quiet_days": limits.quiet_days}).df()
    for row in quiet.itertuples():
        country = row.admin1_code is None or pd.isna(row.admin1_code)
        admin1 = None if country else row.admin1_code
        first, before = _from_days(row.first_day), _from_days(row.previous_day)
        months = int((row.first_day - row.previous_day) // 30.4)
        headline = (f"{_place(names, row.iso3, admin1)}: first incident in {months} months "
                    f"({int(row.incidents)} reported from {_day(first)}; the one before on "
                    f"{_day(before)}).")
        alerts.append(Alert(
            "quiet_ended", row.iso3, admin1, "medium" if country else "low", headline,
            {"figures": {"new_incidents": int(row.incidents), "first": first.isoformat(),
                         "previous": before.isoformat(), "quiet_days": int(
                             row.first_day - row.previous_day)}},
            "new incidents", [f"quiet_ended|{row.subject}|{first.isoformat()}"],
            ask={"date_from": first, "date_to": through, "after_batch": after}))
    restricted = con.execute(named_sql("alerts_restricted_new"), {"max_batch": after}).df()
    for row in restricted.itertuples():
        headline = (f"{_place(names, row.iso3, None)}: {int(row.incidents)} new restricted "
                    f"report(s), {int(row.fatalities)} killed, from {_day(row.first_date)} to "
                    f"{_day(row.last_date)}.")
        alerts.append(Alert(
            "restricted_report", row.iso3, None, "medium", headline,
            {"figures": {"incidents": int(row.incidents), "fatalities": int(row.fatalities)}},
            "new incidents", [f"restricted_report|{row.iso3}|{max_batch}"], restricted=True,
            ask={"date_from": row.first_date, "date_to": row.last_date, "after_batch": after,
                 "restricted_only": True}))
    return alerts


def _not_alerted_before(con, alerts: list[Alert], through: date) -> list[Alert]:
    """The alerts whose changes were not alerted in the last ``DEDUP_DAYS`` of data (an
    alert's key may hold several changes, one per cell, joined by ';')."""
    seen = set()
    for (key,) in con.execute(named_sql("alerts_recent_keys"),
                              {"since": through - timedelta(days=DEDUP_DAYS)}).fetchall():
        seen.update(key.split(";"))
    fresh = []
    for alert in alerts:
        alert.keys = [key for key in alert.keys if key not in seen]
        if alert.keys:
            seen.update(alert.keys)
            fresh.append(alert)
    return fresh


def _store_alerts(con, alerts: list[Alert], run_at: datetime, through: date) -> None:
    """Insert the alerts, each with the incidents behind it (one query for all)."""
    if not alerts:
        return
    evidence = _evidence(con, alerts)
    rows = []
    for number, alert in enumerate(alerts):
        alert.evidence["incidents"] = evidence.get(number, [])
        alert.evidence["filter"] = {"from": str(alert.ask["date_from"])[:10],
                                    "to": str(alert.ask["date_to"])[:10],
                                    "admin1": alert.admin1_code}
        rows.append({"alert_no": number, "kind": alert.kind, "iso3": alert.iso3,
                     "admin1_code": alert.admin1_code, "severity": alert.severity,
                     "headline": alert.headline,
                     "evidence": json.dumps(alert.evidence, default=str),
                     "restricted": alert.restricted, "basis": alert.basis,
                     "change_key": ";".join(alert.keys), "created_at": run_at,
                     "data_as_of": through})
    execute_with_rows(con, named_sql("alerts_insert"), pa.Table.from_pylist(rows))


def _evidence(con, alerts: list[Alert]) -> dict[int, list[dict]]:
    """The deadliest incidents behind each alert (at most ``EVIDENCE_ROWS``), by its
    position in ``alerts``."""
    asks = [{"alert_no": number, "iso3": alert.iso3, "admin1": alert.admin1_code,
             "date_from": pd.Timestamp(alert.ask["date_from"]).date(),
             "date_to": pd.Timestamp(alert.ask["date_to"]).date(),
             "gids": alert.ask.get("gids"), "after_batch": alert.ask.get("after_batch"),
             "restricted_only": alert.ask.get("restricted_only", False)}
            for number, alert in enumerate(alerts)]
    table = pa.Table.from_pylist(asks, schema=_ASKS)
    frame = _with_rows(con, named_sql("alerts_evidence"), table,
                       {"earliest": min(a["date_from"] for a in asks),
                        "limit": EVIDENCE_ROWS})
    records = json.loads(frame.to_json(orient="records", date_format="iso"))
    found: dict[int, list[dict]] = {}
    for record in records:
        found.setdefault(record.pop("alert_no"), []).append(record)
    return found


def _with_rows(con, sql: str, rows: pa.Table, params: dict) -> pd.DataFrame:
    """``sql``'s result as a frame; it reads ``rows`` under the name ``_rows``."""
    _rows = rows  # noqa: F841 (read by name in the query)
    return con.execute(sql, params).df()


_ASKS = pa.schema([("alert_no", pa.int32()), ("iso3", pa.string()), ("admin1", pa.string()),
                   ("date_from", pa.date32()), ("date_to", pa.date32()),
                   ("gids", pa.list_(pa.int32())), ("after_batch", pa.int32()),
                   ("restricted_only", pa.bool_())])


def _names(con) -> dict[str, str]:
    return dict(con.execute(named_sql("alerts_place_names")).fetchall())


def _place(names: dict[str, str], iso3: str, admin1: str | None) -> str:
    country = names.get(iso3, iso3)
    return country if admin1 is None else f"{names.get(admin1, admin1)} ({country})"


def _escalation_level(level) -> str:
    return ("no increase", "moderate increase", "large increase")[int(level)]


def _day(value) -> str:
    return pd.Timestamp(value).strftime("%-d %b %Y")


def _from_days(days: float) -> date:
    return date(1970, 1, 1) + timedelta(days=int(days))
