"""Micro-batching: design and compare requests arriving together are computed together.

A request waits ``Limits.batch_window_ms`` for others (longer while the workers
are busy, see below); then what arrived (at most ``Limits.batch_max``) goes to a worker as a single
``batch`` task (:func:`skyrack.web.work.batch`), whose designs are evaluated
in vectorised groups (:func:`skyrack.batched.design_many`), and each request
is answered from its own row: the same answer, or the same error, as alone.
While every worker has a batch, requests keep gathering (no batch queues for
a worker), so batches grow with the load. What has gathered goes to the free
workers in fair shares: a share is the requests in the service (gathering,
computing, and those of batches answered within :data:`RETURN_S` whose clients
are not back yet) over the workers, so a worker freed together with another is
kept for the clients still on their way back instead of halving what is there
(after such a split the late clients wait out two batches: the service's p99).
A worker that returns a batch waits one window for more
(the requests it just answered are soon followed by their clients' next ones),
and, while another worker still computes, until it has its fair share of the
requests in the service (gathering or computing, over the workers), at most
``Limits.batch_fill_ms``: without it, a closed loop of clients falls into
alternating large and small batches, and a small one costs almost as much as a
large one (the designs of a batch are evaluated a group at a time). A full
batch (``batch_max``) goes at once. The pool's limits apply to the batches (503 when no worker frees in
time; 504 past the time budget, for every request of the batch). At most one
batch per worker is out at a time.
"""

from __future__ import annotations

import asyncio
from typing import Any

from .errors import WorkError
from .limits import Limits
from .pool import WorkerPool

__all__ = ["Batcher"]

RETURN_S = 0.05
"""How long after a batch is answered its clients are expected back with their next requests [s]."""


class Batcher:
    """Gathers requests for ``window`` seconds (or ``most`` of them) into ``batch`` tasks of the pool."""

    def __init__(self, pool: WorkerPool, limits: Limits) -> None:
        self.pool = pool
        self.window = limits.batch_window_ms / 1000.0
        self.fill = limits.batch_fill_ms / 1000.0
        self.most = limits.batch_max
        self._pending: list[tuple[str, dict[str, Any], asyncio.Future[Any]]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._running: dict[asyncio.Future[Any], int] = {}
        self._fill_until: float | None = None
        self._returning = 0  # requests of batches just answered, whose clients may soon send their next
        self._returning_until = 0.0
        self.batches = 0
        self.requests = 0

    def status(self) -> dict[str, int]:
        """Batches sent to the workers so far, the requests in them, and requests gathering now."""
        return {"batches": self.batches, "requests": self.requests, "gathering": len(self._pending)}

    @property
    def _free(self) -> int:
        """Workers without a batch (while none is free, requests keep gathering until one returns)."""
        return self.pool.limits.workers - len(self._running)

    def _share(self) -> int:
        """A worker's fair share of the requests in the service: those gathering, those being computed, and
        those just answered whose clients are expected back within :data:`RETURN_S`."""
        workers = self.pool.limits.workers
        loop = asyncio.get_running_loop()
        returning = self._returning if loop.time() < self._returning_until else 0
        return min(self.most, -(-(len(self._pending) + sum(self._running.values()) + returning) // workers))

    async def call(self, task: str, body: dict[str, Any]) -> Any:
        """``task`` ("design" or "compare") on ``body``, computed with the requests around it; its answer.

        Raises
        ------
        WorkError, LimitError
            As :meth:`skyrack.web.pool.WorkerPool.call` would for this request alone.
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self._pending.append((task, body, future))
        self._returning = max(self._returning - 1, 0)
        if self._free > 0:
            if len(self._pending) >= self.most:
                self._flush()
            elif self._timer is None:
                self._timer = loop.call_later(self.window, self._flush)
            elif self._fill_until is not None and len(self._pending) >= self._share():
                self._fill_until = loop.time()  # the share is here: go after one window (others come with it)
                self._timer.cancel()
                self._timer = loop.call_later(self.window, self._flush)
        return await future

    def _flush(self) -> None:
        """Send what has gathered, split evenly over the free workers; see the module notes."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        free = self._free
        if free <= 0 or not self._pending:
            return
        loop = asyncio.get_running_loop()
        share = self._share()
        if self._running and len(self._pending) < share:  # another batch computes: gather a share
            if self._fill_until is None:
                self._fill_until = loop.time() + self.fill
            if loop.time() < self._fill_until:
                self._timer = loop.call_at(self._fill_until, self._flush)
                return
        self._fill_until = None
        count = min(len(self._pending), self.most * free)
        if self._running:  # a share each; the rest gathers on for the workers still computing
            count = min(count, share * free)
        parts = min(free, count, -(-count // share))  # whole shares: a worker stays free for those expected
        for k in range(parts):
            size = count // parts + (k < count % parts)
            items, self._pending = self._pending[:size], self._pending[size:]
            run = asyncio.ensure_future(self._send(items))
            self._running[run] = size
            run.add_done_callback(self._returned)

    def _returned(self, run: asyncio.Future[Any]) -> None:
        """A batch came back: its worker is free for what gathers within a window (the clients it just
        answered send their next requests meanwhile), or at once for a full batch."""
        size = self._running.pop(run, 0)
        now = asyncio.get_running_loop().time()
        self._returning = size + (self._returning if now < self._returning_until else 0)
        self._returning_until = now + RETURN_S
        if self._pending:
            if self._timer is not None:
                self._timer.cancel()
            wait = 0.0 if len(self._pending) >= self.most else self.window
            self._timer = asyncio.get_running_loop().call_later(wait, self._flush)

    async def _send(self, items: list[tuple[str, dict[str, Any], asyncio.Future[Any]]]) -> None:
        self.batches += 1
        self.requests += len(items)
        try:
            replies = await self.pool.call("batch", {"items": [(task, body) for task, body, _ in items]})
        except Exception as error:  # the batch as a whole: 503, 504, a dead worker
            for _, _, future in items:
                if not future.done():
                    future.set_exception(error)
            return
        for (_, _, future), (status, value) in zip(items, replies, strict=True):
            if future.done():  # the client went away
                continue
            if status == 200:
                future.set_result(value)
            else:
                future.set_exception(WorkError(status, value))
