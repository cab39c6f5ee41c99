"""The production server: waitress (pure Python, offline, no C build) with a bounded
thread pool and timeouts, in one or several worker processes that share one listening
socket, stopped gracefully on SIGTERM or SIGINT.

Each worker builds its own app after the fork (DuckDB connections must not cross a
fork); the state they share (sessions signed out, throttle counters) lives in
:mod:`dashboard.state`, the data in the published warehouse versions.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import traceback
from collections.abc import Callable

from waitress.server import create_server
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.access import request_limit
from dashboard.factory import create_app
from dashboard.settings import Settings

CHANNEL_TIMEOUT_S = 120      # an idle or stalled connection is closed after this
CONNECTION_LIMIT = 200       # open connections per worker; more wait in the backlog
SHUTDOWN_WAIT_S = 10         # requests in flight may finish within this on a stop


def serve(settings: Settings, announce: Callable[[str], None] = print) -> None:
    """Serve until SIGTERM / SIGINT: ``settings.workers`` processes of
    ``settings.threads`` threads each on ``settings.host:settings.port``."""
    sock = listening_socket(settings.host, settings.port)
    announce(f"Serving the Atrocity Risk Monitor on http://{settings.host}:{settings.port}/ "
             f"with waitress: {settings.workers} worker(s) x {settings.threads} threads "
             f"(warehouse {settings.db}; sign-in "
             f"{'required' if settings.auth_enabled else 'off: local demo, full access'})")
    if settings.workers == 1:
        _run_worker(settings, sock)
        return
    children = [_fork_worker(settings, sock) for _ in range(settings.workers)]
    sock.close()
    _supervise(children)


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound, listening TCP socket (IPv4 or IPv6 after ``host``)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


def wsgi_app(settings: Settings):
    """The app's WSGI callable, behind ``ProxyFix`` when proxies set X-Forwarded-For."""
    server = create_app(settings).server
    if settings.proxies:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=settings.proxies,
                                   x_proto=settings.proxies, x_host=settings.proxies)
    return server


def _run_worker(settings: Settings, sock: socket.socket) -> None:
    # "Task queue depth is N" for every request that waits for a thread: under load that
    # is the bounded pool doing its job, not news; real errors are still logged
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    server = create_server(
        wsgi_app(settings), sockets=[sock], threads=settings.threads,
        channel_timeout=CHANNEL_TIMEOUT_S, connection_limit=CONNECTION_LIMIT,
        cleanup_interval=10, max_request_body_size=request_limit(settings), ident="atrisk")

    def stop(_signum, _frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        server.task_dispatcher.shutdown(timeout=SHUTDOWN_WAIT_S)
        server.close()


def _fork_worker(settings: Settings, sock: socket.socket) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        _run_worker(settings, sock)
    except BaseException:   # a worker must never return into the parent's code
        code = 1
        traceback.print_exc(file=sys.stderr)
    finally:
        os._exit(code)


def _supervise(children: list[int]) -> None:
    """Wait for the workers; a SIGTERM / SIGINT is passed on to each of them."""

    def forward(_signum, _frame):
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    for pid in children:
        while True:
            try:
                os.waitpid(pid, 0)
                break
            except InterruptedError:
                continue
