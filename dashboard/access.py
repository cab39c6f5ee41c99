"""Sign-in, the gate in front of every route, and the security headers.

One ``before_request`` hook (:func:`gate`) runs before anything else the server does: with
sign-in on, only ``/login``, ``/logout``, ``/health`` and the static bundles that hold no
data answer without a valid session; pages redirect to ``/login``, everything else
(Dash's ``/_dash-*`` endpoints, downloads, exports, data-bearing assets, routes added later)
answers 401. The signed-in person's role is read from the user store on the server (the
cookie only names the user), kept in ``flask.g`` and handed to the queries as an
:class:`~queries.access.Access` by :func:`current_access`.
"""

from __future__ import annotations

import html as htmlmod
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import dash
from dash import html
from flask import (
    Response,
    current_app,
    g,
    has_app_context,
    jsonify,
    redirect,
    request,
    session,
)

from dashboard import appstate
from dashboard.settings import Settings
from dashboard.state import shared_state
from queries import audit, users
from queries.access import FULL_ACCESS, Access
from queries.errors import WarehouseError

log = logging.getLogger(__name__)

LOGIN, LOGOUT = "/login", "/logout"
PUBLIC_PATHS = {LOGIN, LOGOUT, "/health",
                "/alerts.atom"}   # the feed's own token decides (dashboard/feeds.py)
# Static files that reveal no data: Dash's and the components' JavaScript and CSS bundles,
# our CSS and scripts, the favicon. Anything else (topojson, data files) needs a session.
_STATIC_NO_DATA = re.compile(
    r"^/(_dash-component-suites/[\w./@-]+\.(js|css|map)|assets/[\w.-]+\.(css|js)"
    r"|_favicon\.ico|favicon\.ico)$")
_API_PREFIXES = ("/_", "/download/", "/export/", "/api/")
SESSION_HOURS = 12
USER_CACHE_S = 5.0
MAX_LOGIN_BYTES = 4096
NOBODY = Access(user=None, role="viewer")


def current_access() -> Access:
    """The access of whoever is asking: the signed-in user's role; everyone is admin when
    sign-in is off (the local demo, and the page says so); outside a request (a test, a
    background job) the app's setting decides the same way."""
    if has_app_context() and "access" in g:
        return g.access
    if has_app_context() and not appstate.settings().auth_enabled:
        return FULL_ACCESS
    return NOBODY


def actor() -> str | None:
    """Who to name in the audit log for the current request."""
    return current_access().user or ("local" if not appstate.settings().auth_enabled else None)


def install_access(app, settings: Settings) -> None:
    """Sign-in routes, the gate, request size limits and security headers on ``app``."""
    server = app.server
    server.config.update(
        SECRET_KEY=settings.secret_key or secrets.token_hex(32),
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies, SESSION_COOKIE_NAME="atrisk_session",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        MAX_CONTENT_LENGTH=request_limit(settings),
        USER_CACHE=UserCache(settings.db))
    state = shared_state(settings.db, settings.redis_url)
    server.config.update(LOGIN_THROTTLE=LoginThrottle(state), SHARED_STATE=state,
                         SESSIONS=Sessions(state, SESSION_HOURS * 3600))
    server.before_request_funcs.setdefault(None, []).insert(0, gate)
    server.add_url_rule(LOGIN, "login", login, methods=["GET", "POST"])
    server.add_url_rule(LOGOUT, "logout", logout, methods=["GET", "POST"])
    install_headers(app)


def request_limit(settings: Settings) -> int:
    """The largest request body accepted: an upload (base64 inside a Dash callback, 4/3 of
    its size) plus room for the rest of the callback."""
    return settings.max_upload_mb * 1024 * 1024 * 4 // 3 + 1024 * 1024


def gate():
    """Let the request through, or answer it: 302 to the sign-in page for pages, 401 for
    everything else, 403 for a page the role does not include."""
    settings = appstate.settings()
    if not settings.auth_enabled:
        g.access = FULL_ACCESS
        return None
    g.access = _signed_in() or NOBODY
    if request.path in PUBLIC_PATHS or _STATIC_NO_DATA.match(request.path):
        return None
    if g.access.user is None:
        return _refuse(401, "sign in first")
    needed = page_role(request.path)
    if needed and not g.access.has(needed):
        return _refuse(403, f"this page needs the {needed} role")
    return None


def _refuse(status: int, message: str) -> Response:
    if _wants_page() and status == 401:
        return redirect(f"{LOGIN}?{urlencode({'next': request.full_path.rstrip('?')})}")
    response = jsonify({"error": message})
    response.status_code = status
    return response


def _wants_page() -> bool:
    return (request.method == "GET" and not request.path.startswith(_API_PREFIXES)
            and "text/html" in request.headers.get("Accept", ""))


def page_role(path: str) -> str | None:
    """The role a page needs (``required_role`` in its ``dash.register_page``), if any."""
    for page in dash.page_registry.values():
        needed = page.get("required_role")
        if needed and (path == page["path"] or path.startswith(page["path"] + "/")):
            return needed
    return None


def guard_page_layouts() -> None:
    """Wrap every registered page that names a ``required_role`` so its layout is built
    only for that role (Dash asks for a page's layout through a callback, not its URL)."""
    for page in dash.page_registry.values():
        needed, layout = page.get("required_role"), page.get("layout")
        if not needed or getattr(layout, "guarded", False) or not callable(layout):
            continue

        def guarded(*args, _layout=layout, _needed=needed, **kwargs):
            if not current_access().has(_needed):
                return html.Div([html.H2("Not allowed"),
                                 html.P(f"This page needs the {_needed} role.")],
                                className="page", id="access-refused")
            return _layout(*args, **kwargs)

        guarded.guarded = True
        page["layout"] = guarded


def _signed_in() -> Access | None:
    name, session_id = session.get("user"), session.get("sid")
    if not isinstance(name, str) or not isinstance(session_id, str):
        return None
    if current_app.config["SESSIONS"].revoked(session_id):
        return None
    user = current_app.config["USER_CACHE"].get(name)
    return None if user is None else Access(user.username, user.role)


class UserCache:
    """Accounts looked up in the user store, remembered for ``USER_CACHE_S`` so a page's
    dozen callbacks do not each open the store; a removed user or a changed role takes
    effect within that time."""

    def __init__(self, db, ttl_s: float = USER_CACHE_S, clock: Callable[[], float] =
                 time.monotonic) -> None:
        self.db, self.ttl_s, self.clock = db, ttl_s, clock
        self._seen: dict[str, tuple[float, users.User | None]] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> users.User | None:
        """The account ``name`` (None when there is none), at most ``ttl_s`` old."""
        now = self.clock()
        with self._lock:
            hit = self._seen.get(name)
        if hit and now - hit[0] < self.ttl_s:
            return hit[1]
        user = users.get_user(self.db, name)
        with self._lock:
            if len(self._seen) > 1000:
                self._seen.clear()
            self._seen[name] = (now, user)
        return user


class LoginThrottle:
    """Sign-in attempts counted in the shared state, so neither parallel requests nor
    several workers get round it, and no one can lock out somebody else's account:

    - per address: after ``addr_free`` attempts that did not succeed, that address waits
      ``base_s``, doubling with each further attempt (at most ``max_s``);
    - per account *and* address: the same after ``pair_free``; the account stays open
      from every other address.

    An attempt is counted before the password is checked (:meth:`begin`) and uncounted
    when it succeeds (:meth:`succeeded`); a quiet ``forget_s`` clears a count. Waiting
    is a delay that ends, never a lock an administrator must lift.
    """

    def __init__(self, state, addr_free: int = 20, pair_free: int = 5, base_s: float = 30.0,
                 max_s: float = 900.0, forget_s: float = 900.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.state, self.addr_free, self.pair_free = state, addr_free, pair_free
        self.base_s, self.max_s, self.forget_s, self.clock = base_s, max_s, forget_s, clock

    def begin(self, addr: str, name: str) -> float:
        """Count one attempt for ``name`` from ``addr`` and return 0, or return the seconds
        to wait (nothing counted) when either is throttled."""
        keys = self._keys(addr, name)
        with self.state.transaction() as tx:
            now = self.clock()
            seen = {key: tx.get(key) for key, _ in keys}
            wait = max(self._wait(seen[key], free, now) for key, free in keys)
            if wait > 0:
                return wait
            for key, _ in keys:
                fresh = seen[key] is None or now - seen[key]["last"] > self.forget_s
                count = 1 if fresh else seen[key]["count"] + 1
                tx.put(key, {"count": count, "last": now}, self.forget_s + self.max_s)
        return 0.0

    def succeeded(self, addr: str, name: str) -> None:
        """Uncount the attempt that succeeded; the account's count from this address
        starts again."""
        (addr_key, _), (pair_key, _) = self._keys(addr, name)
        with self.state.transaction() as tx:
            tx.delete(pair_key)
            seen = tx.get(addr_key)
            if seen and seen["count"] > 1:
                tx.put(addr_key, dict(seen, count=seen["count"] - 1),
                       self.forget_s + self.max_s)
            elif seen:
                tx.delete(addr_key)

    def _keys(self, addr: str, name: str) -> list[tuple[str, int]]:
        return [(f"throttle:addr:{addr}", self.addr_free),
                (f"throttle:pair:{addr}:{name.lower()}", self.pair_free)]

    def _wait(self, seen: dict | None, free: int, now: float) -> float:
        if seen is None or seen["count"] < free or now - seen["last"] > self.forget_s:
            return 0.0
        pause = min(self.base_s * 2 ** (seen["count"] - free), self.max_s)
        return max(0.0, seen["last"] + pause - now)


class Sessions:
    """Server-side record of sessions ended: a signed cookie names its session id, and a
    session signed out (or of a removed user) is refused by every worker at once."""

    def __init__(self, state, lifetime_s: float) -> None:
        self.state, self.lifetime_s = state, lifetime_s

    @staticmethod
    def new_id() -> str:
        """An unguessable id for a new session."""
        return secrets.token_urlsafe(24)

    def revoke(self, session_id: str) -> None:
        """End ``session_id`` everywhere (remembered for as long as a cookie lives)."""
        self.state.put(f"revoked:{session_id}", {"at": time.time()}, self.lifetime_s)

    def revoked(self, session_id: str) -> bool:
        """Whether ``session_id`` was ended."""
        return self.state.get(f"revoked:{session_id}") is not None


def login():
    """``GET``: the sign-in form. ``POST`` (``username``, ``password``, optional ``next``):
    sign in and go on, or the form again with an error (401), or 429 when throttled, or
    403 when the form was posted from another site (login CSRF)."""
    settings = appstate.settings()
    target = _safe_next(request.values.get("next", "/"))
    if request.method == "GET":
        return _login_page(target, "", 200)
    if (request.content_length or 0) > MAX_LOGIN_BYTES:
        return _login_page(target, "That request is too large.", 413)
    if not same_origin():
        return _login_page(target, "Sign in from this site's own page.", 403)
    name = request.form.get("username", "")[:64]
    addr = request.remote_addr or "unknown"
    throttle: LoginThrottle = current_app.config["LOGIN_THROTTLE"]
    wait = throttle.begin(addr, name)
    if wait > 0:
        _audit("login.throttled", {"user": name}, actor_name=name or None)
        response = _login_page(target, "Too many failed sign-ins: wait a few minutes and "
                               "try again.", 429)
        response.headers["Retry-After"] = str(int(wait) + 1)
        return response
    user = users.authenticate(settings.db, name, request.form.get("password", "")[:1024])
    if user is None:
        _audit("login.failure", {"user": name}, actor_name=name or None)
        return _login_page(target, "Wrong user name or password.", 401)
    throttle.succeeded(addr, name)
    session.clear()
    session["user"] = user.username
    session["sid"] = Sessions.new_id()
    session.permanent = True
    _audit("login.success", {"user": user.username, "role": user.role},
           actor_name=user.username)
    return redirect(target)


def same_origin() -> bool:
    """Whether a form post comes from this site: ``Sec-Fetch-Site`` says so (browsers
    send it), or else ``Origin`` (or failing that ``Referer``) names this host; a post
    with none of them (a script, not a browser) is let through."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.host


def logout():
    """``POST``: end the session on the server (every worker refuses its cookie from now
    on) and record it; back to the sign-in page. ``GET`` changes nothing (405): a link or
    an image on another site must not sign anyone out."""
    if request.method != "POST":
        return Response("Sign out with the button (POST).\n", status=405,
                        mimetype="text/plain", headers={"Allow": "POST"})
    name, session_id = session.get("user"), session.get("sid")
    if isinstance(session_id, str):
        current_app.config["SESSIONS"].revoke(session_id)
    session.clear()
    if isinstance(name, str):
        _audit("logout", {"user": name}, actor_name=name)
    return redirect(LOGIN)


def _safe_next(target: str) -> str:
    """Only a path on this site (never ``//host`` or a scheme) to go to after signing in."""
    if not target.startswith("/") or target.startswith(("//", "/\\")) or LOGIN in target:
        return "/"
    return target[:500]


def _audit(action: str, detail: dict, actor_name: str | None) -> None:
    try:
        audit.record_event(appstate.settings().db, actor_name, action, detail, request.remote_addr)
    except WarehouseError as exc:
        log.error("audit: %s", exc)


def _login_page(target: str, error: str, status: int) -> Response:
    esc = htmlmod.escape
    message = f'<p class="alert" role="alert" id="login-error">{esc(error)}</p>' if error else ""
    body = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in — Atrocity Risk Monitor</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/style.css"></head>
<body><header class="app-header"><h1>Atrocity Risk Monitor</h1>
<span class="classification">{esc(appstate.settings().classification)}</span></header>
<main class="page login"><h2>Sign in</h2>{message}
<form method="post" action="{LOGIN}" id="login-form">
<input type="hidden" name="next" value="{esc(target)}">
<label for="login-username">User name</label>
<input id="login-username" name="username" autocomplete="username" required maxlength="64">
<label for="login-password">Password</label>
<input id="login-password" name="password" type="password" autocomplete="current-password"
 required maxlength="1024">
<button class="button" type="submit" id="login-submit">Sign in</button>
</form></main></body></html>"""
    return Response(body, status=status, mimetype="text/html",
                    headers={"Cache-Control": "no-store"})


def install_headers(app) -> None:
    """Content-Security-Policy (no external sources; Dash's inline scripts by hash),
    frame-ancestors none, nosniff, no referrer, on every answer."""

    @app.server.after_request
    def security_headers(response):
        # hashed on every answer: Dash adds an inline script when its first page is served
        response.headers["Content-Security-Policy"] = content_security_policy(
            app.csp_hashes())
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if request.path.startswith(("/_dash-", "/download/", "/export/", LOGIN)):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def content_security_policy(script_hashes: list[str]) -> str:
    """The policy: only this site; Dash's inline scripts by their hashes; inline styles
    (plotly and Dash components set them); blob: workers and images (MapLibre, exports)."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
        "child-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())
