"""Micro-batching: design and compare requests arriving together are computed together.

A request's body waits at most ``Limits.batch_window_ms`` for others; then all
that arrived (at most ``Limits.batch_max``) go to one worker as a single
``batch`` task (:func:`skyrack.web.work.batch`), whose designs are evaluated
in vectorised groups (:func:`skyrack.batched.design_many`), and each request
is answered from its own row: the same answer, or the same error, as alone.
While every worker has a batch, requests keep gathering (no batch queues for
a worker), so batches grow with the load; a worker that returns one waits a window
for more (the requests it just answered are often followed at once by their clients'
next ones) unless a full batch is waiting. The pool's limits apply to the batches (503 when no worker frees in
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


class Batcher:
    """Gathers requests for ``window`` seconds (or ``most`` of them) into one ``batch`` task of the pool."""

    def __init__(self, pool: WorkerPool, limits: Limits) -> None:
        self.pool = pool
        self.window = limits.batch_window_ms / 1000.0
        self.most = limits.batch_max
        self._pending: list[tuple[str, dict[str, Any], asyncio.Future[Any]]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._running: set[asyncio.Future[Any]] = set()
        self.batches = 0
        self.requests = 0

    def status(self) -> dict[str, int]:
        """Batches sent to the workers so far, the requests in them, and requests gathering now."""
        return {"batches": self.batches, "requests": self.requests, "gathering": len(self._pending)}

    @property
    def _busy(self) -> bool:
        """Every worker has a batch: keep gathering until one returns."""
        return len(self._running) >= self.pool.limits.workers

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
        if len(self._pending) >= self.most and not self._busy:
            self._flush()
        elif self._timer is None and not self._busy:
            self._timer = loop.call_later(self.window, self._flush)
        return await future

    def _flush(self) -> None:
        """Send what has gathered (at most ``most``) unless every worker is busy (then a return sends it)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._busy or not self._pending:
            return
        items, self._pending = self._pending[: self.most], self._pending[self.most :]
        run = asyncio.ensure_future(self._send(items))
        self._running.add(run)
        run.add_done_callback(self._returned)
        if self._pending and not self._busy:  # more than one batch's worth, and a worker free: the next one
            self._timer = asyncio.get_running_loop().call_later(0.0, self._flush)

    def _returned(self, run: asyncio.Future[Any]) -> None:
        """A batch came back: its worker is free for what gathers within a window (the clients it just
        answered send their next requests meanwhile), or at once for a full batch."""
        self._running.discard(run)
        if self._pending and self._timer is None:
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
