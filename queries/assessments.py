"""Framework of Analysis judgements recorded through the app (an analyst's edit), on the
warehouse's writer path; files of judgements go through ``atrisk import assessments``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd

from queries.access import Access
from queries.db import Warehouse
from queries.statements import named_sql, transaction

JUDGEMENTS = ("present", "absent", "unknown")
FACTORS = range(1, 15)
MAX_EVIDENCE = 2000


@dataclass(frozen=True)
class Judgement:
    """What was recorded: country, factor (1-14), judgement, evidence, day, analyst."""

    iso3: str
    factor: int
    judgement: str
    evidence: str
    assessed_on: str
    analyst: str


def catalogue_factors(wh: Warehouse) -> pd.DataFrame:
    """The 14 risk factors of the Framework of Analysis: ``factor``, ``name``, ``dimension``,
    how many catalogued ``indicators`` measure it and why none (``not_measured``)."""
    return wh.df("risk_catalogue_factors")


def record_judgement(wh: Warehouse, access: Access, iso3: str, factor, judgement,
                     evidence) -> Judgement:
    """Record ``access.user``'s judgement of ``factor`` for ``iso3`` today (UTC); analysts
    and admins only (:class:`~queries.access.AccessDenied`); ``ValueError`` for a value
    outside the vocabulary, an unknown country or evidence over 2,000 characters."""
    access.require("analyst", "recording a Framework of Analysis judgement")
    try:
        factor = int(factor)
    except (TypeError, ValueError):
        factor = 0
    if factor not in FACTORS:
        raise ValueError("risk factor: expected 1 to 14")
    if judgement not in JUDGEMENTS:
        raise ValueError(f"judgement: expected one of {', '.join(JUDGEMENTS)}")
    evidence = str(evidence or "").strip()
    if not evidence or len(evidence) > MAX_EVIDENCE:
        raise ValueError(f"evidence: say what the judgement rests on (1-{MAX_EVIDENCE:,} "
                         "characters)")
    if not wh.arrow("country_name", iso3=str(iso3)).num_rows:
        raise ValueError(f"there is no country with the code {str(iso3)[:12]!r}")
    made = Judgement(iso3, factor, judgement, evidence,
                     datetime.now(UTC).date().isoformat(), access.user or "local")
    with wh.writing(access, "recording a Framework of Analysis judgement") as con, \
            transaction(con):
        key = {"iso3": made.iso3, "factor": made.factor, "assessed_on": made.assessed_on,
               "analyst": made.analyst}
        con.execute(named_sql("assessment_forget_same_day"), key)
        con.execute(named_sql("assessment_record"),
                    dict(key, judgement=made.judgement, evidence=made.evidence))
    return made
