"""A bounded pool of worker processes for the service's computing requests, with a time budget each.

Designs, compares, reports, the validation cases and the checks of job bodies
run in ``Limits.workers`` long-lived ``spawn`` processes, never in the server's
own process: the event loop that answers ``/api/health`` is never starved by a
request's CPU work, whatever holds the interpreter lock in a worker. Each
request gets one worker at a time:

- when every worker is busy a request waits, at most ``queue_timeout_s`` and
  behind at most ``max_waiting`` others; beyond either it gets 503;
- a computation longer than ``request_timeout_s`` gets 504, and its worker is
  killed and replaced (a worker cannot be interrupted any other way);
- a worker runs at a lower CPU priority (``nice`` +5) and within
  ``worker_memory_mb`` of address space (``RLIMIT_AS``), so an allocation that
  slipped past the size checks fails there as a 413, not in the server.

Workers exit when the server process dies, even by SIGKILL.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing as mp
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .errors import WorkError, failure
from .limits import LimitError, Limits

STARTUP_TIMEOUT_S = 300.0
"""Longest start of a worker (imports and one warm-up design) before it is replaced [s]."""
WORKER_NICENESS = 5
READY = "ready"
log = logging.getLogger("skyrack.web")


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, ctx: Any, limits: Limits) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=worker_main, args=(child, os.getpid(), limits), daemon=True)
        self.proc.start()
        child.close()

    def exchange(self, message: Any, timeout: float) -> Any:
        """Send ``message`` (None: only wait), then the reply within ``timeout`` s (blocking; run in a thread)."""
        if message is not None:
            self.conn.send(message)
        if not self.conn.poll(timeout):
            raise TimeoutError
        return self.conn.recv()

    def kill(self) -> None:
        """Stop the process at once and release the pipe."""
        with contextlib.suppress(OSError, ValueError):
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class WorkerPool:
    """``limits.workers`` worker processes serving requests one at a time (see the module notes)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._ctx = mp.get_context("spawn")
        self._io = ThreadPoolExecutor(2 * limits.workers + 1, thread_name_prefix="skyrack-worker-io")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._workers: set[_Worker] = set()
        self._background: set[asyncio.Future[Any]] = set()
        self._waiting = 0
        self._closed = False

    def start(self) -> None:
        """Start the workers (call from the server's event loop; they warm up in the background)."""
        self._idle = asyncio.Queue()
        for _ in range(self.limits.workers):
            self._soon(self._spawn())

    def status(self) -> dict[str, int]:
        """Workers idle and running, and requests waiting for one."""
        idle = self._idle.qsize() if self._idle is not None else 0
        return {"workers": len(self._workers), "idle": idle, "waiting": self._waiting}

    async def call(self, task: str, body: dict[str, Any]) -> Any:
        """Run ``task`` (a name in :data:`skyrack.web.work.TASKS`) on ``body`` in a worker; its result.

        Raises
        ------
        LimitError
            503 when no worker is free in time or too many requests wait.
        WorkError
            The task's own error (4xx), 504 past ``request_timeout_s``.
        """
        worker = await self._take()
        run = self._soon(self._run(worker, task, body))
        status, value = await asyncio.shield(run)  # a client that goes away does not orphan the worker
        if status != 200:
            raise WorkError(status, value)
        return value

    async def _take(self) -> _Worker:
        limits, idle = self.limits, self._idle
        if idle is None or self._closed:
            raise LimitError("service", "not running", "requests while it runs", 503)
        if idle.empty() and self._waiting >= limits.max_waiting:
            busy = f"{self._waiting} requests waiting"
            raise LimitError("workers", busy, f"{limits.max_waiting} waiting for {limits.workers}; retry shortly", 503)
        self._waiting += 1
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limits.queue_timeout_s
        try:
            while True:
                worker = await asyncio.wait_for(idle.get(), max(deadline - loop.time(), 0.0))
                if worker.proc.is_alive():
                    return worker
                self._replace(worker)  # died while idle (killed from outside): start another, keep waiting
        except TimeoutError:
            wait = f"a free worker within {limits.queue_timeout_s:g} s; retry shortly"
            raise LimitError("workers", "all busy", wait, 503) from None
        finally:
            self._waiting -= 1

    async def _run(self, worker: _Worker, task: str, body: dict[str, Any]) -> tuple[int, Any]:
        loop = asyncio.get_running_loop()
        budget = self.limits.request_timeout_s
        try:
            reply = await loop.run_in_executor(self._io, worker.exchange, (task, body), budget)
        except TimeoutError:
            self._replace(worker)
            return 504, f"{task}: the computation took longer than the {budget:g} s the service allows"
        except (EOFError, OSError):
            code = worker.proc.exitcode
            self._replace(worker)
            return 500, f"{task}: the worker computing this request stopped (exit code {code})"
        self._return(worker)
        return reply

    def _return(self, worker: _Worker) -> None:
        if self._closed or self._idle is None:
            worker.kill()
        else:
            self._idle.put_nowait(worker)

    def _replace(self, worker: _Worker) -> None:
        self._workers.discard(worker)
        self._soon(asyncio.get_running_loop().run_in_executor(self._io, worker.kill))
        if not self._closed:
            self._soon(self._spawn())

    async def _spawn(self) -> None:
        """Start a worker and wait until it is ready; retry (backing off) if it fails to start."""
        loop, delay = asyncio.get_running_loop(), 0.5
        while not self._closed:
            try:
                worker = await loop.run_in_executor(self._io, _Worker, self._ctx, self.limits)
            except (OSError, RuntimeError) as error:  # e.g. no spawn from an unguarded __main__
                log.error("skyrack: cannot start a worker process: %s", error)
                await asyncio.sleep(delay)
                delay = min(2 * delay, 30.0)
                continue
            self._workers.add(worker)
            try:
                if await loop.run_in_executor(self._io, worker.exchange, None, STARTUP_TIMEOUT_S) == (200, READY):
                    return self._return(worker)
            except (TimeoutError, EOFError, OSError):
                pass
            log.error("skyrack: a worker process failed to start (exit code %s); retrying", worker.proc.exitcode)
            self._workers.discard(worker)
            await loop.run_in_executor(self._io, worker.kill)
            await asyncio.sleep(delay)
            delay = min(2 * delay, 30.0)

    def _soon(self, work: Any) -> asyncio.Future[Any]:
        future = asyncio.ensure_future(work)
        self._background.add(future)
        future.add_done_callback(self._background.discard)
        return future

    def close(self) -> None:
        """Stop every worker (running requests end with an error) and the I/O threads."""
        self._closed = True
        for future in list(self._background):
            future.cancel()
        for worker in list(self._workers):
            worker.kill()
        self._workers.clear()
        self._io.shutdown(wait=False, cancel_futures=True)


def worker_main(conn: Any, parent_pid: int, limits: Limits) -> None:
    """A worker process: lower priority, bounded memory, warm up, then answer ``(task, body)`` messages."""
    import resource

    from ..analysis.executor import _pool_worker_init

    _pool_worker_init(parent_pid)  # one thread per numeric library; exit when the server dies
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    if limits.worker_memory_mb:
        size = limits.worker_memory_mb << 20
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (size, size))
    from . import work

    with contextlib.suppress(Exception):  # a failed warm-up shows again, properly, on the first request
        work.warm_up(limits)
    conn.send((200, READY))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        task, body = message
        conn.send(answer(task, body, limits))


def answer(task: str, body: dict[str, Any], limits: Limits) -> tuple[int, Any]:
    """``(200, result)`` of a task, or ``(status, one-line detail)`` of its error."""
    from . import work

    try:
        return 200, work.TASKS[task](body, limits)
    except Exception as error:
        return failure(task, error, limits.worker_memory_mb)
