"""File downloads served by plain routes, streamed: a CSV of millions of rows never sits
in memory or in a callback's JSON answer."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Response, abort, request, stream_with_context

from dashboard import appstate
from dashboard.access import actor
from dashboard.appstate import warehouse
from dashboard.filters import parse_filters
from queries import audit, incidents
from queries.errors import WarehouseError
from queries.incidents import IncidentFilter

INCIDENTS_CSV = "/download/incidents.csv"


def register_downloads(server) -> None:
    """Add the download routes to the Flask server."""
    server.add_url_rule(INCIDENTS_CSV, "download_incidents", download_incidents)


def incidents_csv_link(f: IncidentFilter, sort_by: str, descending: bool) -> tuple[str, str]:
    """The URL that downloads exactly ``f``'s incidents, and the file's name."""
    query = {"iso3": f.iso3, "from": f.date_from.isoformat(), "to": f.date_to.isoformat(),
             "category": ",".join(f.categories), "source": f.source, "admin1": f.admin1,
             "sort": sort_by, "desc": "1" if descending else "0"}
    return (f"{INCIDENTS_CSV}?{urlencode({k: v for k, v in query.items() if v})}",
            export_filename(f))


def export_filename(f: IncidentFilter) -> str:
    """incidents_CAF_2013-01-01_2014-12-31.csv (admin-1 codes are checked: [A-Za-z0-9_.-])."""
    place = f.iso3 or "world"
    region = f"_{f.admin1}" if f.admin1 else ""
    return f"incidents_{place}{region}_{f.date_from}_{f.date_to}.csv"


def download_incidents() -> Response:
    """The filtered incidents as CSV; the same URL parameters as the pages, plus ``iso3``,
    ``sort`` (an allow-listed column) and ``desc`` (0 or 1)."""
    wh = warehouse()
    iso3 = request.args.get("iso3", "").upper()
    if iso3 and incidents.country_name(wh, iso3[:3]) is None:
        abort(404)
    f = parse_filters(wh, request.args.to_dict(), iso3[:3]).filter
    sort_by = request.args.get("sort", "event_date")
    if sort_by not in incidents.SORTABLE:
        sort_by = "event_date"
    try:   # an export that cannot be recorded is not handed out
        audit.record_event(appstate.settings().db, actor(), "export.csv",
                           {"file": export_filename(f), "iso3": f.iso3,
                            "from": f.date_from, "to": f.date_to, "category": f.categories,
                            "source": f.source, "admin1": f.admin1,
                            "restricted_detail": f.restricted_detail}, request.remote_addr)
    except WarehouseError:
        return Response("The export could not be recorded in the audit log; try again.\n",
                        status=503, mimetype="text/plain")
    chunks = incidents.incidents_csv(wh, f, sort_by, request.args.get("desc", "1") != "0")
    return Response(stream_with_context(chunks), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="{export_filename(f)}"'})
