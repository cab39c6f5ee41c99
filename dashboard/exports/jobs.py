"""Background jobs for slow exports (briefing packs): worker threads that pages poll for
progress, so the page stays usable while a pack is made.

A job runs in the process that accepted it, but its status and its finished file are
shared (:mod:`dashboard.state` and a folder), so the page's next poll or the download may
reach any worker process. A job belongs to the person who asked for it: its file is handed
to no one else (it may hold restricted detail rendered for that person's role).

One worker thread per process: on a 2-core machine two packs at once would only slow each
other down (they share the one warm browser anyway); later requests wait in line.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from dashboard.exports.errors import ExportError
from dashboard.exports.snapshot import ExportFile

Work = Callable[[Callable[[float, str], None]], ExportFile]
KEEP_S = 3600   # finished jobs (and their files) are kept this long for download
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
    owner: str | None = None


class JobRegistry:
    """Runs export jobs in the background; status in ``state``, files in ``folder``."""

    def __init__(self, state, folder: Path, workers: int = 1) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="export-job")
        self.state, self.folder = state, Path(folder)

    def submit(self, work: Work, owner: str | None) -> str:
        """Start ``work(progress)`` in the background for ``owner``; returns the job's id
        (unguessable: it is also part of the file's download address)."""
        job_id = secrets.token_urlsafe(16)
        self._save(JobStatus(job_id, "queued", started=time.time(), owner=owner))
        self._forget_old()
        self._pool.submit(self._run, job_id, work)
        return job_id

    def status(self, job_id: str, owner: str | None = None) -> JobStatus | None:
        """The job's status, or None for an unknown (or forgotten) job or, when ``owner``
        is given, somebody else's."""
        saved = self.state.get(f"job:{job_id}")
        if saved is None:
            return None
        status = JobStatus(**{k: v for k, v in saved.items() if k != "file"})
        return status if owner is None or status.owner == owner else None

    def file(self, job_id: str, owner: str | None) -> ExportFile | None:
        """The finished job's file for ``owner`` (None for anyone else, or not ready)."""
        saved = self.state.get(f"job:{job_id}")
        if not saved or saved["owner"] != owner or saved["state"] != "done":
            return None
        try:
            content = (self.folder / job_id).read_bytes()
        except FileNotFoundError:
            return None
        meta = saved["file"]
        return ExportFile(content, meta["filename"], meta["mimetype"], meta["detail"])

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
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / job_id).write_bytes(result.content)
            file = {"filename": result.filename, "mimetype": result.mimetype,
                    "detail": json.loads(json.dumps(result.detail, default=str))}
            self._update(job_id, state="done", fraction=1.0, message="Ready", file=file)

    def _update(self, job_id: str, file: dict | None = None, **changes) -> None:
        current = self.status(job_id)
        if current is not None:
            self._save(replace(current, **changes), file)

    def _save(self, status: JobStatus, file: dict | None = None) -> None:
        self.state.put(f"job:{status.job_id}", dict(asdict(status), file=file), KEEP_S)

    def _forget_old(self) -> None:
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if time.time() - path.stat().st_mtime > KEEP_S:
                path.unlink(missing_ok=True)
