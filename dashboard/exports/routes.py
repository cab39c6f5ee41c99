"""The export routes: ``GET /export/snapshot?...`` renders a map and sends it;
``GET /export/briefing/<job>`` sends a finished briefing pack. Filters come from the same
URL parameters as the pages, parsed by the same code; every export is audited."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from flask import Response, abort, current_app, request

from dashboard import appstate
from dashboard.access import actor
from dashboard.appstate import warehouse
from dashboard.exports.briefing import briefing_pack
from dashboard.exports.errors import ExportError
from dashboard.exports.jobs import JobRegistry, JobStatus
from dashboard.exports.render import renderer
from dashboard.exports.sitrep import Selection, sitrep
from dashboard.exports.snapshot import DEFAULT_PRESET, FORMATS, PRESETS, ExportFile, snapshot
from dashboard.filters import parse_filters
from dashboard.layers import layer
from dashboard.maps import MAP_PAGES, MapView
from queries import audit, incidents
from queries.errors import WarehouseError
from queries.incidents import IncidentFilter

SNAPSHOT = "/export/snapshot"
BRIEFING = "/export/briefing/"
log = logging.getLogger(__name__)


def register_export_routes(server) -> None:
    """Add the export routes and the briefing job registry to the Flask server."""
    settings = server.config[appstate.SETTINGS]
    server.config.setdefault("EXPORT_JOBS", JobRegistry(
        server.config["SHARED_STATE"], settings.db.with_name(settings.db.name + ".exports")))
    server.add_url_rule(SNAPSHOT, "export_snapshot", export_snapshot)
    server.add_url_rule(BRIEFING + "<job_id>", "export_briefing", export_briefing)


def jobs() -> JobRegistry:
    """The briefing job registry of the app serving the current request."""
    return current_app.config["EXPORT_JOBS"]


def snapshot_link(view: MapView, fmt: str, preset: str) -> str:
    """The URL that downloads ``view``'s map as ``fmt`` at ``preset``. A page showing the
    link also starts the renderer in the background: the first download then need not
    wait the ~5 s Chromium takes to start."""
    renderer().warm_up()
    f = view.filter
    query = {"page": view.page, "iso3": f.iso3, "layer": view.layer,
             "from": f.date_from.isoformat(), "to": f.date_to.isoformat(),
             "category": ",".join(f.categories), "source": f.source, "admin1": f.admin1,
             "format": fmt, "size": preset}
    return f"{SNAPSHOT}?{urlencode({k: v for k, v in query.items() if v})}"


def export_snapshot() -> Response:
    """A map snapshot: URL parameters ``page`` (overview, country), ``iso3``, ``layer``,
    the page filters, ``format`` (png, svg, pdf) and ``size`` (slide, a4-landscape)."""
    args = request.args
    page, fmt = args.get("page", "overview"), args.get("format", "png")
    preset = args.get("size", DEFAULT_PRESET)
    if page not in MAP_PAGES or fmt not in FORMATS or preset not in PRESETS:
        return _plain(f"page, format or size not understood: expected page "
                      f"{'|'.join(MAP_PAGES)}, format {'|'.join(FORMATS)}, "
                      f"size {'|'.join(PRESETS)}", 400)
    wh = warehouse()
    iso3 = args.get("iso3", "").upper()[:3] if page == "country" else ""
    if page == "country" and incidents.country_name(wh, iso3) is None:
        abort(404)
    f = parse_filters(wh, args.to_dict(), iso3).filter
    view = MapView(page, f, layer(args.get("layer")).key if page == "overview" else "")
    try:
        made = snapshot(wh, view, fmt, preset, appstate.settings().classification)
    except ExportError as exc:
        return _plain(f"The map could not be exported: {exc}", 503)
    return _send(made, "export.snapshot")


def export_briefing(job_id: str) -> Response:
    """A finished briefing pack, for the person who asked for it only (404 for anyone
    else, while it is not ready, or after it was forgotten)."""
    made = jobs().file(job_id, actor())
    if made is None:
        abort(404)
    return _attachment(made)


def start_briefing(f: IncidentFilter, fmt: str = "pdf") -> str:
    """Start making ``f.iso3``'s briefing pack (``fmt`` pdf or docx) in the background;
    returns the job id. The pack is audited when it is made, with this request's
    address."""
    wh, settings = warehouse(), appstate.settings()
    who, where = actor(), request.remote_addr

    def work(progress) -> ExportFile:
        made = briefing_pack(wh, f, settings.classification, progress=progress, fmt=fmt)
        _record(settings.db, who, where, "export.briefing", made)
        return made

    return jobs().submit(work, who)


def start_sitrep(f: IncidentFilter, region: str, top: int, fmt: str = "pdf") -> str:
    """Start a situation report on the watchlist's top ``top`` countries (of ``region``,
    '' for all) for ``f``'s window in the background; returns the job id (its file is
    served like a briefing pack's). Audited when made."""
    wh, settings = warehouse(), appstate.settings()
    who, where = actor(), request.remote_addr

    def work(progress) -> ExportFile:
        made = sitrep(wh, f, Selection(region, top), settings.classification,
                      progress=progress, fmt=fmt)
        _record(settings.db, who, where, "export.sitrep", made)
        return made

    return jobs().submit(work, who)


def _send(made: ExportFile, action: str) -> Response:
    try:
        _record(appstate.settings().db, actor(), request.remote_addr, action, made)
    except ExportError as exc:
        log.error("%s", exc)
        return _plain(f"{exc}; try again.", 503)
    return _attachment(made)


def _record(db, actor, remote_addr, action: str, made: ExportFile) -> None:
    """Every export is recorded; an export that cannot be recorded is not handed out."""
    try:
        audit.record_event(db, actor, action, dict(made.detail, bytes=len(made.content)),
                           remote_addr)
    except WarehouseError as exc:
        raise ExportError(f"the export could not be recorded in the audit log ({exc})") \
            from exc


def _attachment(made: ExportFile) -> Response:
    return Response(made.content, mimetype=made.mimetype, headers={
        "Content-Disposition": f'attachment; filename="{made.filename}"',
        "Cache-Control": "no-store"})


def _plain(text: str, status: int) -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain")


def job_view(status: JobStatus | None, what: str) -> tuple:
    """For a background export's progress control: poll disabled, progress value and
    hidden, status text, link href and hidden, button disabled, for the job's ``status``
    (``what``: 'Briefing pack', 'Situation report')."""
    if status is None:
        return True, 0, True, "", "", True, False
    if status.state == "done":
        return True, 1, True, f"{what} ready.", BRIEFING + status.job_id, False, False
    if status.state == "failed":
        return True, 0, True, f"The {what.lower()} failed: {status.error}", "", True, False
    return False, status.fraction, False, f"{status.message} …", "", True, True
