"""Static images of plotly figures with kaleido and the system's Chromium, offline.

Configured once: the world topojson comes from ``assets/topojson`` (a ``file://`` URL, never
the CDN), MathJax from an empty local file (kaleido would fetch it from a CDN), plotly.js
from the copy inside plotly.py. One headless Chromium is kept warm per process, started on
the first export (~2-3 s) and reused (~0.2-0.5 s an image).

kaleido's own ``start_sync_server`` shares one task queue and one result queue between all
callers (two threads can receive each other's images), has no time limit, and leaves callers
waiting forever when its browser fails to start. So the warm browser here runs in an event
loop on a thread of its own; callers submit with ``run_coroutine_threadsafe`` and wait with
a timeout, which is thread-safe by construction.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import shutil
import threading
from pathlib import Path

import kaleido
import plotly.io as pio

from dashboard.exports.errors import ExportError

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
TOPOJSON_URL = (ASSETS / "topojson").as_uri() + "/"
MATHJAX_FILE = Path(__file__).resolve().parent / "mathjax-none.js"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
NO_CHROMIUM = ("no Chromium found: install it with `apt-get install chromium` "
               "or set BROWSER_PATH")
START_TIMEOUT_S = 60.0
RENDER_TIMEOUT_S = 60.0
log = logging.getLogger(__name__)


def find_browser(env: dict | None = None) -> str:
    """The Chromium to render with: ``BROWSER_PATH`` when set, else the first of
    ``chromium``, ``chromium-browser``, ``google-chrome`` on ``PATH``; ``ExportError``
    (:data:`NO_CHROMIUM`) when there is none."""
    env = os.environ if env is None else env
    chosen = env.get("BROWSER_PATH")
    if chosen:
        if Path(chosen).is_file() and os.access(chosen, os.X_OK):
            return chosen
        raise ExportError(f"{NO_CHROMIUM} (BROWSER_PATH={chosen!r} is not a program)")
    for name in BROWSER_NAMES:
        found = shutil.which(name, path=env.get("PATH", ""))
        if found:
            return found
    raise ExportError(NO_CHROMIUM)


class Renderer:
    """One warm headless Chromium (kaleido) serving every thread of the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None

    @property
    def warm(self) -> bool:
        """Whether the browser is running."""
        return self._kaleido is not None

    def render(self, figure: dict, fmt: str, width: int, height: int,
               scale: float = 1.0) -> bytes:
        """``figure`` as ``fmt`` (png, svg or pdf) bytes, ``width`` x ``height`` CSS pixels
        times ``scale``. Starts the browser on first use; restarts it after a failure."""
        kaleido, loop = self._started()
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        future = asyncio.run_coroutine_threadsafe(
            kaleido.calc_fig(figure, opts=opts, topojson=TOPOJSON_URL), loop)
        try:
            return future.result(RENDER_TIMEOUT_S)
        except Exception as exc:
            future.cancel()
            self.close()
            raise ExportError(f"the image could not be rendered ({type(exc).__name__}: "
                              f"{exc})") from exc

    def warm_up(self) -> None:
        """Start the browser in the background unless it runs or is starting, so the first
        export does not wait for it; a failure is left for that export to report."""
        if not self.warm and not self._lock.locked():
            threading.Thread(target=self._start_quietly, name="export-warm-up",
                             daemon=True).start()

    def _start_quietly(self) -> None:
        try:
            self._started()
        except ExportError as exc:
            log.info("the export browser did not start in the background: %s", exc)

    def close(self) -> None:
        """Stop the browser (the next render starts a new one)."""
        with self._lock:
            kaleido, loop = self._kaleido, self._loop
            self._kaleido = self._loop = None
        if loop is None:
            return
        if kaleido is not None:
            try:
                asyncio.run_coroutine_threadsafe(kaleido.close(), loop).result(10)
            except Exception:   # the browser may be gone already; the loop still stops
                log.warning("closing the export browser failed", exc_info=True)
        loop.call_soon_threadsafe(loop.stop)

    def _started(self):
        with self._lock:
            if self._kaleido is None:
                self._loop, self._kaleido = _start(find_browser())
            return self._kaleido, self._loop


def _start(browser: str):
    """A running event loop thread and an open kaleido on it."""
    _offline_plotly_defaults()
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, name="export-browser", daemon=True).start()
    future = asyncio.run_coroutine_threadsafe(_open_kaleido(browser), loop)
    try:
        return loop, future.result(START_TIMEOUT_S)
    except Exception as exc:
        loop.call_soon_threadsafe(loop.stop)
        raise ExportError(f"Chromium ({browser}) did not start: {exc}") from exc


async def _open_kaleido(browser: str):
    k = kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT_S, mathjax=str(MATHJAX_FILE),
                        path=browser)
    await k.open()
    return k


def _offline_plotly_defaults() -> None:
    """plotly.io's own image export in this process stays offline too."""
    pio.defaults.topojson = TOPOJSON_URL
    pio.defaults.mathjax = str(MATHJAX_FILE)


_RENDERER = Renderer()   # kaleido's browser is per process; so is this handle to it
atexit.register(_RENDERER.close)


def renderer() -> Renderer:
    """The process's renderer."""
    return _RENDERER
