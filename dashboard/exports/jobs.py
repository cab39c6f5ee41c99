"""Background jobs for slow exports (briefing packs): a small registry of worker threads
that pages poll for progress, so the page stays usable while a pack is made.

One worker: on a 2-core machine two packs at once would only slow each other down (they
share the one warm browser anyway); later requests wait in line and say so.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from dashboard.exports.errors import ExportError
from dashboard.exports.snapshot import ExportFile

Work = Callable[[Callable[[float, str], None]], ExportFile]
KEEP = 20   # finished jobs kept (with their files) for download
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobStatus:
    """Where a job is: ``state`` is queued, running, done or failed."""

    job_id: str
    state: str
    fraction: float = 0.0
    message: str = "Waiting for the exporter"
    error: str = ""
    started: float = 0.0


class JobRegistry:
    """Runs export jobs in the background and remembers the last :data:`KEEP`."""

    def __init__(self, workers: int = 1) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="export-job")
        self._lock = threading.Lock()
        self._status: OrderedDict[str, JobStatus] = OrderedDict()
        self._files: dict[str, ExportFile] = {}

    def submit(self, work: Work) -> str:
        """Start ``work(progress)`` in the background; returns the job's id (unguessable:
        it is also the file's download address)."""
        job_id = secrets.token_urlsafe(16)
        with self._lock:
            self._status[job_id] = JobStatus(job_id, "queued", started=time.time())
            self._forget_old()
        self._pool.submit(self._run, job_id, work)
        return job_id

    def status(self, job_id: str) -> JobStatus | None:
        """The job's status, or None for an unknown (or forgotten) job."""
        with self._lock:
            return self._status.get(job_id)

    def file(self, job_id: str) -> ExportFile | None:
        """The finished job's file, or None."""
        with self._lock:
            return self._files.get(job_id)

    def _run(self, job_id: str, work: Work) -> None:
        self._update(job_id, state="running", message="Starting")
        try:
            result = work(lambda fraction, message: self._update(
                job_id, fraction=fraction, message=message))
        except ExportError as exc:
            self._update(job_id, state="failed", error=str(exc), message="Failed")
        except Exception as exc:  # a worker thread must report, never die silently
            self._update(job_id, state="failed", message="Failed",
                         error=f"the export failed ({type(exc).__name__}); it has been logged")
            log.exception("export job %s failed", job_id)
        else:
            with self._lock:
                self._files[job_id] = result
            self._update(job_id, state="done", fraction=1.0, message="Ready")

    def _update(self, job_id: str, **changes) -> None:
        with self._lock:
            if job_id in self._status:
                self._status[job_id] = replace(self._status[job_id], **changes)

    def _forget_old(self) -> None:
        while len(self._status) > KEEP:
            old, _status = self._status.popitem(last=False)
            self._files.pop(old, None)
