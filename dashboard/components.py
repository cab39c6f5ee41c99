"""Small layout pieces shared by pages."""

from __future__ import annotations

import numbers

import pandas as pd
from dash import html

DEMO_SOURCE = "demo"


def demo_banner(sources: list[str]) -> html.Div | None:
    """A plain statement when what is shown includes the synthetic demo data."""
    if DEMO_SOURCE not in sources:
        return None
    return html.Div("Synthetic demo data: these incidents, indicators and trainings are "
                    "generated, not real. Import real data with `atrisk import`.",
                    id="demo-banner", className="demo-banner", role="status")


def table(table_id: str, frame: pd.DataFrame, labels: dict[str, str]) -> html.Table:
    """A plain HTML table of ``frame``'s ``labels`` columns, numbers with separators."""
    if frame.empty:
        return html.P("Nothing here yet.", id=table_id, className="empty")
    head = html.Thead(html.Tr([html.Th(label, scope="col") for label in labels.values()]))
    body = html.Tbody([
        html.Tr([html.Td(format_value(row[col])) for col in labels])
        for _, row in frame.iterrows()
    ])
    return html.Table([head, body], id=table_id, className="data-table")


def format_value(value) -> str:
    """Numbers with thousands separators, missing values as an en dash."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return f"{value:,}"
    if isinstance(value, numbers.Real):
        return f"{value:,.1f}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M") if value.hour or value.minute else \
            value.strftime("%Y-%m-%d")
    return str(value)
