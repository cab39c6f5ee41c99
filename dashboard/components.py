"""Small layout pieces shared by pages."""

from __future__ import annotations

import numbers
from datetime import date

import dash_ag_grid as dag
import pandas as pd
from dash import ClientsideFunction, Input, Output, State, clientside_callback, dcc, html

from dashboard.dates import day_text
from dashboard.exports.presets import DEFAULT_PRESET, FORMATS, PRESETS
from queries.vocabulary import category_rows

DEMO_SOURCE = "demo"
STALE_AFTER_DAYS = 30      # data older than this are flagged on every page


def demo_banner(sources: list[str]) -> html.Div | None:
    """A plain statement when what is shown includes the synthetic demo data."""
    if DEMO_SOURCE not in sources:
        return None
    return html.Div("Synthetic demo data: these incidents, indicators and trainings are "
                    "generated, not real. Import real data with `atrisk import`.",
                    id="demo-banner", className="demo-banner", role="status")


def freshness(through: date | None, today: date) -> html.Div:
    """The line on every page that says how recent the data are, as a warning when the
    latest incident is more than ``STALE_AFTER_DAYS`` old."""
    if through is None:
        return html.Div("No incident data yet: import a file with `atrisk import`.",
                        id="freshness", className="freshness stale", role="status")
    stale = (today - through).days > STALE_AFTER_DAYS
    text = f"Data through {day_text(through)} ({age_text(through, today)})"
    if stale:
        text += ": older than a month; import newer data before relying on the latest weeks"
    return html.Div(text, id="freshness", className="freshness stale" if stale else "freshness",
                    role="status")


def age_text(then: date, today: date) -> str:
    """How long ago ``then`` was, in the largest units that matter: 'today', '12 days ago',
    '5 months ago', '3 years 11 months ago'."""
    days = (today - then).days
    if days <= 0:
        return "today" if days == 0 else "in the future"
    months = (today.year - then.year) * 12 + today.month - then.month - (today.day < then.day)
    if months < 1:
        return f"{plural(days, 'day')} ago"
    years, months = divmod(months, 12)
    parts = [plural(years, "year")] if years else []
    if months:
        parts.append(plural(months, "month"))
    return " ".join(parts) + " ago"


def plural(count: int, noun: str) -> str:
    """'1 country', '3 countries', '2 days', '1,250 cells'."""
    if count == 1:
        return f"1 {noun}"
    consonant_y = noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u")
    return f"{count:,} {noun[:-1] + 'ies' if consonant_y else noun + 's'}"


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


def grid(grid_id: str, frame: pd.DataFrame, labels: dict[str, str],
         sort: tuple[str, bool] | None = None) -> dag.AgGrid | html.P:
    """A table that sorts and filters in the browser (AG Grid, served from the package):
    for small tables whose rows are all sent. ``sort`` is the first (column, descending)."""
    if frame.empty:
        return html.P("Nothing here yet.", id=grid_id, className="empty")
    columns = [{"field": column, "headerName": label, "sortable": True,
                "filter": not pd.api.types.is_numeric_dtype(frame[column]),
                "type": "numericColumn" if pd.api.types.is_numeric_dtype(frame[column])
                else None,
                "sort": ("desc" if sort[1] else "asc") if sort and sort[0] == column else None}
               for column, label in labels.items()]
    rows = frame[list(labels)].astype(object).where(frame[list(labels)].notna(), None)
    return dag.AgGrid(
        id=grid_id, rowData=[{k: _json_value(v) for k, v in row.items()}
                             for row in rows.to_dict("records")],
        columnDefs=[{k: v for k, v in c.items() if v is not None} for c in columns],
        defaultColDef={"resizable": True, "minWidth": 90, "wrapText": True, "autoHeight": True},
        columnSize="responsiveSizeToFit", className="grid",
        dashGridOptions={"domLayout": "autoHeight", "ensureDomOrder": True,
                         "suppressColumnVirtualisation": True, "animateRows": False,
                         "pagination": len(frame) > GRID_PAGE, "paginationPageSize": GRID_PAGE,
                         "paginationPageSizeSelector": False})


GRID_PAGE = 50


def _json_value(value):
    """Dates and timestamps as ISO text (they sort as text), numbers and text as they are."""
    if isinstance(value, pd.Timestamp | date):
        return value.isoformat()[:10] if not getattr(value, "hour", 0) else str(value)[:16]
    return value


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


LAZY_GRAPH_MARGIN = 100  # px: a chart is drawn once its slot is this near the window


def near_slot(prefix: str, children=None, margin: int = 1000, **props) -> list:
    """A slot ``{prefix}-slot`` for a part of the page put there when it comes within
    ``margin`` px of the window, and its flag ``{prefix}-near``, set then (wired by
    :func:`watch_near`, ``watchNearWindow`` in ``assets/lazy_mount.js``)."""
    return [html.Div(children, id=f"{prefix}-slot", **{"data-margin": str(margin)}, **props),
            dcc.Store(id=f"{prefix}-near")]


def near_slot_ids(prefix: str) -> list:
    """The components of one :func:`near_slot`, without data (for a validation layout)."""
    return [html.Div(id=f"{prefix}-slot"), dcc.Store(id=f"{prefix}-near")]


def watch_near(prefix: str) -> None:
    """Set the flag of :func:`near_slot` ``prefix`` once its slot is near the window."""
    clientside_callback(
        ClientsideFunction(namespace="atrisk", function_name="watchNearWindow"),
        Output(f"{prefix}-near", "data"), Input(f"{prefix}-slot", "id"),
        State(f"{prefix}-near", "id"))


def lazy_graph(graph_id: str, config: dict, figure: dict | None, height: int) -> html.Div:
    """A chart below the first screen, drawn when it comes near the window rather than with
    the page: a :func:`near_slot` of the chart's height and its figure in a store (a
    callback that changes the chart writes the store). The browser makes the ``dcc.Graph``
    (id ``graph_id``) in the slot (``mountGraph`` in ``assets/lazy_mount.js``);
    :func:`lazy_graph_callbacks` wires it."""
    return html.Div([
        dcc.Store(id=f"{graph_id}-figure", data=figure),
        dcc.Store(id=f"{graph_id}-config", data=config),
        *near_slot(graph_id, margin=LAZY_GRAPH_MARGIN, style={"minHeight": f"{height}px"}),
    ], className="lazy-graph")


def lazy_graph_ids(graph_id: str) -> list:
    """The components of one :func:`lazy_graph`, without data (for a validation layout)."""
    return [dcc.Store(id=f"{graph_id}-figure"), dcc.Store(id=f"{graph_id}-config"),
            *near_slot_ids(graph_id)]


def lazy_graph_callbacks(graph_id: str) -> None:
    """Watch the slot of :func:`lazy_graph` ``graph_id``; once it is near the window, put
    the graph of the stored figure there, and again whenever the figure changes."""
    watch_near(graph_id)
    clientside_callback(
        ClientsideFunction(namespace="atrisk", function_name="mountGraph"),
        Output(f"{graph_id}-slot", "children"), Input(f"{graph_id}-near", "data"),
        Input(f"{graph_id}-figure", "data"), State(f"{graph_id}-config", "data"),
        State(f"{graph_id}-slot", "id"))


def kpi_card(card_id: str, label: str, children: list | None = None) -> html.Div:
    """A KPI card: ``children`` from :func:`kpi_children`, or empty until a callback fills
    it."""
    return html.Div(id=card_id, className="kpi", children=children or [
        html.Div(label, className="kpi-label"), html.Div("…", className="kpi-value")])


SMALL_COUNT = 20   # below this a percentage change says more than the numbers do


def kpi_children(label: str, now: int, before: int, days: int) -> list:
    """The label, the window's value and its change against the previous window: a
    percentage, or the difference in numbers when the earlier count is small."""
    return [html.Div(label, className="kpi-label"),
            html.Div(f"{now:,}", className="kpi-value"),
            html.Div([_change(now, before), f" vs previous {period_text(days)} ({before:,})"],
                     className="kpi-note")]


def _change(now: int, before: int) -> html.Span:
    """'▲ +12.5%', or '▲ +8' with a caveat when ``before`` is small, 'none before', ..."""
    if before == 0:
        return html.Span("none before" if now else "no change", className="kpi-change")
    arrow = "▲" if now > before else "▼" if now < before else "■"
    css = "kpi-change up" if now > before else "kpi-change"
    if before < SMALL_COUNT:
        return html.Span(f"{arrow} {now - before:+,}", className=css,
                         title="Too few to compare as a percentage")
    return html.Span(f"{arrow} {(now - before) / before * 100:+.1f}%", className=css)


def period_text(days: int) -> str:
    """A window's length for a sentence: '28 days', '365 days', '5.2 years'."""
    if days <= 2 * 366:
        return plural(days, "day")
    return f"{days / 365.25:.1f} years"


def url_sort(sort, desc, allowed: tuple[str, ...]) -> tuple[tuple[str, bool] | None, tuple]:
    """A table's sort from the URL parameters ``sort`` (a column of ``allowed``) and
    ``desc`` (1 or 0): ((column, descending) or None, what was ignored, for
    :func:`notice`)."""
    if isinstance(sort, list | tuple):
        sort = sort[0] if sort else None
    if isinstance(desc, list | tuple):
        desc = desc[0] if desc else None
    if not sort:
        return None, ()
    if sort not in allowed:
        return None, (f"sort {str(sort)[:40]!r}",)
    return (sort, str(desc) == "1"), ()


def notice(ignored: tuple[str, ...]) -> html.Div | None:
    """Says which URL values were ignored, if any."""
    if not ignored:
        return None
    return html.Div("Ignored in the link: " + "; ".join(ignored) + ".", className="notice",
                    role="status")


def export_menu(prefix: str) -> html.Div:
    """The export control next to a page's map: format, size, and the link that downloads
    the snapshot (its address is kept up to date by the page's callback)."""
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
