"""A Dask worker plugin: each worker keeps the memory a task frees for the next (:mod:`skyrack._heap`).

A worker that a nanny started outside skyrack runs with Dask's ``MALLOC_TRIM_THRESHOLD_=65536``, under
which a sweep task took four times its CPU (see :data:`skyrack.analysis.executor.MALLOC_ENV`). The
:class:`~skyrack.analysis.executor.DaskExecutor` registers this plugin on every cluster it uses, so
each worker, present or joining later, raises glibc's thresholds when it starts the plugin. A worker
that runs in the process that registered the plugin (a cluster of threads) is left as it is: skyrack
does not change its host's allocator.
"""

from __future__ import annotations

import os
from typing import Any

from .._heap import keep_freed_heap

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # without the dask extra no executor registers the plugin; the module still imports
    WorkerPlugin = object  # type: ignore[misc,assignment]


_PROCESS = os.urandom(16)
"""This process's mark (a process on another machine may have the same pid)."""


class KeepFreedHeap(WorkerPlugin):
    """Raise glibc's trim and mmap thresholds in each worker process other than the one that registered it."""

    name = "skyrack-keep-freed-heap"

    def __init__(self) -> None:
        self.registered_in = (_PROCESS, os.getpid())
        self.kept: bool | None = None  # on a worker: whether glibc took the settings (None: the client's process)

    def setup(self, worker: Any) -> None:
        if (_PROCESS, os.getpid()) != self.registered_in:
            self.kept = keep_freed_heap()
