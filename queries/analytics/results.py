"""The stored analytics, read for the app through the read-only :class:`Warehouse`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from queries.analytics.escalation import ARROWS, LABELS, LEVELS
from queries.db import Warehouse
from queries.incidents import IncidentFilter


@dataclass(frozen=True)
class AnalyticsStatus:
    """When the analytics were last computed, and the last incident date they saw."""

    computed_at: datetime
    data_through: date | None


def status(wh: Warehouse) -> AnalyticsStatus | None:
    """The latest analytics run, or None when analytics were never computed."""
    rows = wh.cached("analytics_status").to_pylist()
    if not rows:
        return None
    return AnalyticsStatus(rows[0]["computed_at"], rows[0]["data_through"])


def with_escalation_labels(frame: pd.DataFrame, column: str = "events_vs_baseline"
                           ) -> pd.DataFrame:
    """``frame`` plus ``change_level`` (-2..2), ``arrow`` and ``trend`` (label) of
    ``column``."""
    return frame.assign(change_level=frame[column].map(LEVELS), arrow=frame[column].map(ARROWS),
                        trend=frame[column].map(LABELS))


def risk_by_country(wh: Warehouse) -> pd.DataFrame:
    """The risk index per country (with the name, both dimensions, completeness in %
    and the top drivers), highest first."""
    return wh.df("layer_risk_index")


def escalation_by_country(wh: Warehouse) -> pd.DataFrame:
    """Each country's escalation row with its level, arrow and label."""
    return with_escalation_labels(wh.df("layer_escalation"))


def escalation_of_country(wh: Warehouse, iso3: str) -> pd.DataFrame:
    """One country's escalation row (level ``country``) and its admin-1 rows."""
    return with_escalation_labels(wh.df("escalation_of_country", iso3=iso3))


def hot_cells(wh: Warehouse, iso3: str = "") -> pd.DataFrame:
    """Hot cells (90% confidence or more), of one country or of all, hottest first."""
    return wh.df("hot_cells", iso3=iso3)


def risk_of_country(wh: Warehouse, iso3: str) -> pd.DataFrame:
    """One country's risk components, with its index, dimensions and drivers repeated."""
    return wh.df("risk_of_country", iso3=iso3)


def assessment_matrix(wh: Warehouse, f: IncidentFilter) -> pd.DataFrame:
    """The 14 risk factors for ``f``'s country: latest judgement, model score, and the
    incidents matching ``f`` that are evidence for each factor."""
    return wh.df("assessment_matrix", **f.params())
