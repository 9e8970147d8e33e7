"""Background jobs (simulations and sweeps), each in its own process.

A job runs in a fresh ``spawn`` process so that a crash, a timeout or a cancel
never takes the server down; at most ``Limits.max_running_jobs`` run at once
and the rest wait in order. Progress and the result come back over a pipe.

A job's request is kept as plain JSON data (text that is not valid Unicode
escaped, non-finite numbers as null), so its status always serialises, and a
listing shows every job even if one of them could not be described.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import math
import multiprocessing as mp
import os
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import bounded
from .limits import LimitError, Limits

Status = Literal["queued", "running", "done", "failed", "cancelled"]
_POLL_S = 0.2
MAX_STORED_DEPTH = 64
JOB_NICENESS = 10


@dataclass
class Job:
    """One background job and what is known of it."""

    id: str
    kind: str
    request: dict[str, Any]
    status: Status = "queued"
    progress: float = 0.0
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    error: str | None = None
    result: Any = None
    cancel: threading.Event = field(default_factory=threading.Event)

    def info(self) -> dict[str, Any]:
        """Status without the result (JSON-ready)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "progress": self.progress,
            "created": self.created,
            "started": self.started,
            "finished": self.finished,
            "error": self.error,
            "request": self.request,
        }


class JobManager:
    """Queue, run, track and cancel jobs; keeps the last ``keep_jobs`` finished ones."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._slots = threading.Semaphore(limits.max_running_jobs)
        self._ctx = mp.get_context("spawn")

    def check_room(self) -> None:
        """:class:`LimitError` (429) when ``max_queued_jobs`` jobs are already waiting or running."""
        active = sum(j.status in ("queued", "running") for j in self.list())
        if active >= self.limits.max_queued_jobs:
            raise LimitError("jobs", active, f"at most {self.limits.max_queued_jobs} queued or running", 429)

    def submit(self, kind: str, request: dict[str, Any]) -> Job:
        """Queue a job; :class:`LimitError` (429) when too many are waiting or running."""
        with self._lock:
            active = sum(j.status in ("queued", "running") for j in self._jobs.values())
            if active >= self.limits.max_queued_jobs:
                raise LimitError("jobs", active, f"at most {self.limits.max_queued_jobs} queued or running", 429)
            job = Job(id=uuid.uuid4().hex, kind=kind, request=storable(request))
            self._jobs[job.id] = job
            self._forget_old()
        threading.Thread(target=self._supervise, args=(job,), name=f"job-{job.id[:8]}", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def list(self) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())

    def infos(self) -> builtins.list[dict[str, Any]]:
        """Every job's :meth:`Job.info`, oldest first; a job that cannot be described is listed by its id and status."""
        out = []
        for job in self.list():
            try:
                info = job.info()
                json.dumps(info, ensure_ascii=True, allow_nan=False)
            except (TypeError, ValueError, RecursionError):
                info = {**Job(id=job.id, kind=job.kind, request={}).info(), "status": job.status, "error": job.error}
                info["request"] = {"unavailable": "this job's request cannot be shown"}
            out.append(info)
        return out

    def cancel(self, job_id: str) -> Job | None:
        """Ask a job to stop (a queued one never starts, a running one is terminated)."""
        job = self.get(job_id)
        if job is not None and job.status in ("queued", "running"):
            job.cancel.set()
        return job

    def wait(self, job_id: str, timeout: float) -> Job | None:
        """Block until the job has finished or ``timeout`` seconds passed (for tests and scripts)."""
        end = time.monotonic() + timeout
        job = self.get(job_id)
        while job is not None and job.status in ("queued", "running") and time.monotonic() < end:
            time.sleep(0.05)
        return job

    def shutdown(self) -> None:
        """Cancel every job that has not finished."""
        for job in self.list():
            job.cancel.set()

    def _forget_old(self) -> None:
        done = [j for j in self._jobs.values() if j.status not in ("queued", "running")]
        for job in done[: max(0, len(done) - self.limits.keep_jobs)]:
            del self._jobs[job.id]

    def _supervise(self, job: Job) -> None:
        while not self._slots.acquire(timeout=_POLL_S):
            if job.cancel.is_set():
                self._finish(job, "cancelled", error="cancelled before it started")
                return
        try:
            if job.cancel.is_set():
                self._finish(job, "cancelled", error="cancelled before it started")
                return
            self._run(job)
        finally:
            self._slots.release()

    def _run(self, job: Job) -> None:
        parent, child = self._ctx.Pipe(duplex=False)
        proc = self._ctx.Process(target=_job_main, args=(job.kind, job.request, child, os.getpid()), daemon=True)
        job.status, job.started = "running", time.time()
        proc.start()
        child.close()
        deadline = time.monotonic() + self.limits.job_timeout_s
        try:
            while True:
                if job.cancel.is_set():
                    return self._finish(job, "cancelled", error="cancelled while running")
                if time.monotonic() > deadline:
                    return self._finish(job, "failed", error=f"stopped after the {self.limits.job_timeout_s:g} s limit")
                if parent.poll(_POLL_S):
                    try:
                        message = parent.recv()
                    except EOFError:
                        proc.join(5)
                        return self._finish(job, "failed", error=f"the job process ended (exit code {proc.exitcode})")
                    if message[0] == "progress":
                        job.progress = float(message[1])
                    elif message[0] == "result":
                        return self._finish(job, "done", result=message[1])
                    else:
                        return self._finish(job, "failed", error=str(message[1]))
        finally:
            if proc.is_alive():
                proc.terminate()
            proc.join(5)
            if proc.is_alive():
                proc.kill()
            parent.close()

    def _finish(self, job: Job, status: Status, *, result: Any = None, error: str | None = None) -> None:
        job.result, job.finished = result, time.time()
        job.error = None if error is None else _text(bounded(error))
        if status == "done":
            job.progress = 1.0
        job.status = status


def storable(value: Any, depth: int = 0) -> Any:
    """``value`` as plain JSON data that always serialises: text made valid Unicode, non-finite numbers null."""
    if depth > MAX_STORED_DEPTH:
        return "..."
    if isinstance(value, dict):
        return {_text(str(k)): storable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [storable(v, depth + 1) for v in value]
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return _text(repr(value))


def _text(text: str) -> str:
    """``text`` with anything UTF-8 cannot encode (lone surrogates) written as backslash escapes (``\\ud800``)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _job_main(kind: str, request: dict[str, Any], conn: Any, parent_pid: int) -> None:
    """Entry point of a job process: run it and send progress, then the result or the error."""
    from ..analysis.executor import _exit_with
    from ..errors import SkyrackError

    threading.Thread(target=_exit_with, args=(parent_pid,), name="exit-with-server", daemon=True).start()
    with contextlib.suppress(OSError):
        os.nice(JOB_NICENESS)  # background work yields to the requests' workers and the server

    def progress(done: int, total: int) -> None:
        conn.send(("progress", done / total if total else 0.0))

    try:
        runner = {"simulate": run_simulation, "sweep": run_sweep}[kind]
        conn.send(("result", runner(request, progress)))
    except SkyrackError as error:
        conn.send(("error", str(error)))
    except Exception as error:  # the job's failure is reported in its status, not raised
        conn.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        conn.close()


def run_simulation(request: dict[str, Any], progress: Any = None) -> dict[str, Any]:
    """Run one simulation job (``request`` as validated by the API) and return JSON-ready results."""
    from .._json import json_safe
    from ..model import design
    from ..simulate import simulate
    from .scenarios import scenario_from_request

    scn = scenario_from_request(request)
    res = simulate(
        design(scn, parity=False),
        duration=request["days"] * 86400.0,
        step=request["step_s"],
        satellites=request.get("satellites"),
        seed=request.get("seed", 0),
        progress=progress or False,
        dose=request.get("dose", True),
    )
    ts = res.timeseries
    return json_safe(
        {
            "fleet": res.fleet,
            "meta": res.meta,
            "timeseries": {
                "time": [t.isoformat() for t in ts.index],
                "columns": {c: ts[c].tolist() for c in ts.columns},
            },
            "satellites": {c: res.satellites[c].tolist() for c in res.satellites.columns},
        }
    )


def run_sweep(request: dict[str, Any], progress: Any = None) -> dict[str, Any]:
    """Run one sweep job and return its table as columns (JSON-ready; non-finite numbers become null)."""
    from .._json import json_safe
    from ..analysis.sweep import sweep
    from .scenarios import scenario_from_request

    scn = scenario_from_request(request)
    frame = sweep(scn, request["vary"], method=request["method"], n=request.get("n"), seed=request.get("seed", 0))
    if progress is not None:
        progress(1, 1)
    columns = {
        c: [None if isinstance(x, float) and not math.isfinite(x) else x for x in frame[c].tolist()] for c in frame
    }
    return json_safe({"rows": len(frame), "columns": columns})
