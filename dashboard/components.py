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


def filter_bar(prefix: str, f, source_options: list[str], extra: list | None = None) -> html.Div:
    """Date range, categories and source controls, labelled and keyboard reachable."""
    from dash import dcc

    from queries.vocabulary import category_rows

    return html.Div([
        html.Div([
            html.Label("Date range", htmlFor=f"{prefix}-dates"),
            dcc.DatePickerRange(id=f"{prefix}-dates", start_date=f.date_from.isoformat(),
                                end_date=f.date_to.isoformat(), display_format="D MMM YYYY",
                                first_day_of_week=1, minimum_nights=0,
                                start_date_placeholder_text="From",
                                end_date_placeholder_text="To"),
        ], className="control"),
        html.Div([
            html.Label("Categories", htmlFor=f"{prefix}-category"),
            dcc.Dropdown(id=f"{prefix}-category", multi=True, value=list(f.categories),
                         placeholder="All categories",
                         options=[{"label": r["label"], "value": r["category"]}
                                  for r in category_rows()]),
        ], className="control wide"),
        html.Div([
            html.Label("Source", htmlFor=f"{prefix}-source"),
            dcc.Dropdown(id=f"{prefix}-source", value=f.source or None,
                         placeholder="All sources", options=source_options),
        ], className="control"),
        *(extra or []),
    ], className="filter-bar", role="search")


def kpi_card(card_id: str, label: str) -> html.Div:
    """An empty KPI card; its value is filled by :func:`kpi_children`."""
    return html.Div(id=card_id, className="kpi", children=[
        html.Div(label, className="kpi-label"), html.Div("…", className="kpi-value")])


def kpi_children(label: str, now: int, before: int, days: int) -> list:
    """The label, the window's value and its change against the previous window."""
    if before == 0:
        change, css = ("new" if now else "no change"), "kpi-change"
    else:
        pct = (now - before) / before * 100
        arrow = "▲" if pct > 0 else "▼" if pct < 0 else "■"
        change, css = f"{arrow} {pct:+.1f}%", "kpi-change up" if pct > 0 else "kpi-change"
    return [html.Div(label, className="kpi-label"),
            html.Div(f"{now:,}", className="kpi-value"),
            html.Div([html.Span(change, className=css),
                      f" vs previous {days:,} days ({before:,})"], className="kpi-note")]


def notice(ignored: tuple[str, ...]) -> html.Div | None:
    """Says which URL values were ignored, if any."""
    if not ignored:
        return None
    return html.Div("Ignored in the link: " + "; ".join(ignored) + ".", className="notice",
                    role="status")


def export_menu(prefix: str) -> html.Div:
    """The export control next to a page's map: format, size, and the link that downloads
    the snapshot (its address is kept up to date by the page's callback)."""
    from dash import dcc

    from dashboard.exports.snapshot import DEFAULT_PRESET, FORMATS, PRESETS

    return html.Div([
        html.Label("Format", htmlFor=f"{prefix}-export-format", className="muted"),
        dcc.Dropdown(id=f"{prefix}-export-format", value="png", clearable=False,
                     searchable=False, className="export-choice",
                     options=[{"label": fmt.upper(), "value": fmt} for fmt in FORMATS]),
        html.Label("Size", htmlFor=f"{prefix}-export-size", className="muted"),
        dcc.Dropdown(id=f"{prefix}-export-size", value=DEFAULT_PRESET, clearable=False,
                     searchable=False, className="export-choice wide",
                     options=[{"label": p.label, "value": key} for key, p in PRESETS.items()]),
        html.A("Export map", id=f"{prefix}-export-link", className="button", href="#",
               download="", title="Download this map with its title, filters, legend, "
               "sources and classification"),
    ], className="export-menu", role="group", **{"aria-label": "Export the map"})
