"""Prevention capacity: regional organisations, memberships at a date, Member State
commitments, training activity, and the gaps against risk.

The reference files under ``queries/reference/`` (real facts, each row with a source URL
and an as-of date; ``org_memberships.csv`` is built by ``build_memberships.py``) are loaded
by :func:`load_reference` when the schema's 011 migration runs and again by every demo
build; re-loading replaces the earlier reference rows and
leaves what users imported alone. Membership at a date has one definition, the SQL
include ``@memberships_on`` (``queries/sql/memberships_on.sql``); every query here uses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from queries.statements import execute_with_rows, named_sql

if TYPE_CHECKING:   # annotations only: queries.db -> versions -> schema loads from here
    from queries.db import Warehouse

REFERENCE_DIR = Path(__file__).parent / "reference"
REFERENCE_SOURCE = "reference"
COMMITMENTS = ("genocide_convention", "rome_statute", "r2p_focal_point", "national_mechanism")
COMMITMENT_STATUSES = ("party", "signatory", "withdrawn", "not_party", "yes", "no")
DATE_PRECISIONS = ("day", "year")
AUDIENCES = ("member_state", "regional_org", "civil_society", "un_system")
TRAINING_MONTHS = 24

_DATE = pa.date32()
_REFERENCE_FILES = {
    "regional_orgs": ("reference_orgs_load", {"founded_on": _DATE, "early_warning_since": _DATE,
                                              "as_of": _DATE}),
    "org_memberships": ("reference_memberships_load", {
        "joined_on": _DATE, "left_on": _DATE, "suspended_from": _DATE, "suspended_to": _DATE,
        "as_of": _DATE}),
    "commitments": ("reference_commitments_load", {"since": _DATE, "until": _DATE,
                                                   "as_of": _DATE}),
}


def reference_table(name: str) -> pa.Table:
    """A shipped reference file as an Arrow table: dates typed, empty cells null.

    Raises ValueError naming the file, row and column where a membership's
    ``date_precision`` is not one of ``DATE_PRECISIONS`` (the table cannot check it)."""
    _, dates = _REFERENCE_FILES[name]
    options = pacsv.ConvertOptions(column_types=dates, strings_can_be_null=True)
    path = REFERENCE_DIR / f"{name}.csv"
    table = pacsv.read_csv(path, convert_options=options)
    if "date_precision" in table.column_names:
        for row, value in enumerate(table.column("date_precision").to_pylist(), start=2):
            if value not in DATE_PRECISIONS:
                raise ValueError(f"{path.name}, line {row}, date_precision: expected one of "
                                 f"{', '.join(DATE_PRECISIONS)}, got {value!r}")
    return table


def load_reference(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """(Re)load the shipped organisations, memberships and commitments with source
    ``reference``; rows a user imported for the same key stay. Returns rows per table."""
    for name, (query, _) in _REFERENCE_FILES.items():
        execute_with_rows(con, named_sql(query), reference_table(name))
    cur = con.execute(named_sql("reference_counts"), {"source": REFERENCE_SOURCE})
    names = [column[0] for column in cur.description]
    return dict(zip(names, cur.fetchall()[0], strict=True))


# --- reading, for the app -----------------------------------------------------------------

def organisations(wh: Warehouse) -> pd.DataFrame:
    """Every regional organisation with its early-warning mechanism (if any)."""
    return wh.cached("regional_orgs_all").to_pandas()


def coverage(wh: Warehouse, orgs: list[str], on: date) -> pd.DataFrame:
    """The members of any of ``orgs`` on ``on``: their organisations among ``orgs``,
    where they are suspended, those whose membership is dated only to the year
    (``year_only_in``), and every early-warning mechanism covering them."""
    if not orgs:
        return pd.DataFrame(columns=["iso3", "name", "orgs", "n_orgs", "suspended_in",
                                     "year_only_in", "mechanisms"])
    return wh.df("coverage_members", orgs=list(orgs), on_date=on)


def early_warning_by_country(wh: Warehouse, on: date) -> pd.DataFrame:
    """How many regional early-warning mechanisms cover each country on ``on``."""
    return wh.df("layer_early_warning", on_date=on)


def country_orgs(wh: Warehouse, iso3: str, on: date) -> pd.DataFrame:
    """A country's memberships on ``on``, with each organisation's mechanism."""
    return wh.df("country_capacity_orgs", iso3=iso3, on_date=on)


def country_commitments(wh: Warehouse, iso3: str) -> pd.DataFrame:
    """A country's recorded commitments."""
    return wh.df("country_commitments", iso3=iso3)


@dataclass(frozen=True)
class TrainingFilter:
    """What the training page shows: a window, audiences and topics (empty: all), and
    optionally one host country."""

    date_from: date
    date_to: date
    audiences: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    iso3: str = ""

    def params(self) -> dict:
        """The bound parameters of the training queries."""
        return {"date_from": self.date_from, "date_to": self.date_to,
                "audiences": list(self.audiences), "topics": list(self.topics),
                "iso3": self.iso3}


def training_extent(wh: Warehouse) -> tuple[date, date] | None:
    """The first and last training start dates, or None when there are none."""
    row = wh.cached("training_extent").to_pylist()[0]
    return None if row["first_date"] is None else (row["first_date"], row["last_date"])


def training_topics(wh: Warehouse) -> list[str]:
    """Every topic recorded."""
    return [r["topic"] for r in wh.cached("training_topics").to_pylist()]


def training_venues(wh: Warehouse, f: TrainingFilter) -> pd.DataFrame:
    """One row per training with venue coordinates in ``f``: where, when, who, how many."""
    return wh.df("training_venues", **f.params())


def training_series(wh: Warehouse, f: TrainingFilter, by: str) -> pd.DataFrame:
    """Trainings and participants per year, by ``audience`` or ``topic``."""
    if by not in ("audience", "topic"):
        raise ValueError(f"by: expected audience or topic, got {by!r}")
    return wh.df("training_series", **f.params()).rename(columns={by: "group"})[
        ["period", "group", "trainings", "participants"]].groupby(
        ["period", "group"], as_index=False).sum()


def training_history(wh: Warehouse, f: TrainingFilter) -> pd.DataFrame:
    """Per host country: trainings, participants (women among them) and the latest one."""
    return wh.df("training_by_country", **f.params())


def training_list(wh: Warehouse, f: TrainingFilter, limit: int = 200) -> pd.DataFrame:
    """The trainings ``f`` chooses, latest first, at most ``limit``."""
    return wh.df("training_list", limit=limit, **f.params())


def training_venues_between(wh: Warehouse, date_from: date, date_to: date) -> pd.DataFrame:
    """Training venues of trainings started from ``date_from`` to ``date_to`` (the map
    layer): one row per venue with its trainings, participants, audiences, latest date."""
    return wh.df("layer_training", date_from=date_from, date_to=date_to)


def memberships_by_country(wh: Warehouse, on: date) -> pd.DataFrame:
    """How many regional organisations each country belongs to on ``on``, which, and
    where it is suspended."""
    return wh.df("layer_memberships", on_date=on)


def gap_ranking(wh: Warehouse, on: date, region: str = "", limit: int = 50) -> pd.DataFrame:
    """Countries ranked by high risk against low capacity on ``on``, each with its reasons
    spelled out (column ``reasons``)."""
    frame = wh.df("gap_ranking", on_date=on, region=region, limit=limit)
    frame["reasons"] = [gap_reasons(r) for r in frame.to_dict("records")]
    return frame


def gap_reasons(rec: dict) -> str:
    """Why a country ranks where it does, in words: its risk, the mechanisms covering it,
    its commitments and its latest training."""
    return "; ".join([_risk_reason(rec), _mechanism_reason(rec), _treaty_reason(rec),
                      _training_reason(rec)])


def _risk_reason(rec: dict) -> str:
    top = rec["top_share"]
    share = "top 10%" if top <= 0.1 else "top 25%" if top <= 0.25 else \
        f"top {max(1, round(top * 100))}%"
    if rec["basis"] == "index":
        return f"forecast risk of a new mass killing {rec['score']:.1%} ({share})"
    return f"{int(rec['score']):,} incidents in the last 365 days ({share}; no forecast)"


def _mechanism_reason(rec: dict) -> str:
    if not rec["mechanisms"]:
        return "no regional early-warning mechanism covers it"
    many = "mechanisms" if rec["mechanisms"] > 1 else "mechanism"
    return f"{rec['mechanisms']} regional early-warning {many} ({rec['mechanism_orgs']})"


def _treaty_reason(rec: dict) -> str:
    recorded = [rec["genocide_convention"], rec["rome_statute"]]
    if all(_missing(v) for v in recorded):
        treaties = "Genocide Convention and Rome Statute status not recorded"
    elif rec["gc_held"] and rec["rs_held"]:
        treaties = "party to the Genocide Convention and the Rome Statute"
    elif rec["gc_held"]:
        treaties = "party to the Genocide Convention, not the Rome Statute" + \
            (" (not recorded)" if _missing(rec["rome_statute"]) else "")
    elif rec["rs_held"]:
        treaties = "party to the Rome Statute, not the Genocide Convention" + \
            (" (not recorded)" if _missing(rec["genocide_convention"]) else "")
    else:
        treaties = "party to neither the Genocide Convention nor the Rome Statute"
    national = [_national(rec["focal_point"], "an R2P focal point", "R2P focal point"),
                _national(rec["national_mechanism"], "a national prevention mechanism",
                          "national prevention mechanism")]
    return ", ".join([treaties, *national])


def _national(held, has: str, name: str) -> str:
    """A national step in words: held, recorded as not held, or not recorded."""
    if _missing(held):
        return f"{name} not recorded"
    return has if held else f"no {name}"


def _training_reason(rec: dict) -> str:
    last = rec["last_training"]
    if _missing(last):
        return "no training recorded"
    last = pd.Timestamp(last).date()
    if rec["trainings_24m"]:
        n = rec["trainings_24m"]
        return f"{n} training{'s' if n > 1 else ''} in the last {TRAINING_MONTHS} months " \
               f"(latest {last:%Y-%m})"
    return f"no training since {last:%Y-%m}"


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))

