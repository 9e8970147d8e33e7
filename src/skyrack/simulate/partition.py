"""A large fleet split by satellite into partitions, and their results reduced exactly.

A run of many satellites is cut into partitions: contiguous ranges of the (sorted) satellites,
each made of whole blocks of :data:`skyrack.simulate.streams.BLOCK` fleet numbers and at most
:data:`MAX_PARTITION` satellites (plus one block). Each partition is stepped on its own — in this
process, on a local process pool or on Dask workers — with its own chunked stepping, so a worker
holds one partition at a time and its memory does not grow with the fleet.

The reduction is exact. Per-satellite accumulators are concatenated in fleet order. The fleet
time series keeps, per time bin, the minimum and maximum over satellites (merged with
``min``/``max``: exact) and the mean, from sums per block of satellites added block after
block in fleet order whatever partition they came from. Every number of a partitioned run is
therefore the same, bit for bit, as a run in one partition: the satellites' arithmetic does
not depend on their neighbours (the time chunks are cut the same way, see
:func:`chunk_basis`), their random draws come from their block's streams, and the sums are
taken in the same order.
"""

from __future__ import annotations

import itertools
import math
import os
import resource
import sys
from dataclasses import dataclass

import numpy as np

from . import kernels
from ._common import FloatArray
from .result import _TS_STATS
from .streams import block_starts

__all__ = [
    "MAX_PARTITION",
    "Partial",
    "Reducer",
    "chunk_basis",
    "chunk_series",
    "peak_rss_bytes",
    "plan",
    "this_process",
]

MAX_PARTITION = 1 << 16
"""Satellites per partition (at most, plus one block): the bound on what a worker holds at once."""


def chunk_basis(n: int) -> int:
    """Satellites the time chunks are sized for: the fleet's, or a partition's at most (the same for any split)."""
    return max(1, min(int(n), MAX_PARTITION))


def plan(index: np.ndarray, partitions: int = 1) -> list[tuple[int, int]]:
    """Row ranges ``(lo, hi)`` of the partitions of the sorted satellite numbers ``index``.

    At least ``partitions`` ranges (fewer if the satellites span fewer blocks) and as many as
    keep each under :data:`MAX_PARTITION` satellites plus one block; cuts fall on block starts.
    """
    n = int(np.size(index))
    if n == 0:
        return []
    starts = block_starts(index)
    want = min(max(1, int(partitions), math.ceil(n / MAX_PARTITION)), starts.size)
    cuts = [0]
    for k in range(1, want):
        target = k * n / want
        j = int(np.searchsorted(starts, target))
        below, above = starts[max(j - 1, 0)], starts[min(j, starts.size - 1)]
        cut = int(below if target - below <= above - target else above)
        if cuts[-1] < cut < n:
            cuts.append(cut)
    cuts.append(n)
    return list(itertools.pairwise(cuts))


def chunk_series(ts: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One chunk's per-satellite bin means ``ts`` (n, bins, len(TS)) as block sums, minima and maxima.

    Returns ``sums`` (blocks, bins, len(TS)) float64 summed over each block's satellites in order,
    and ``mins``, ``maxs`` (bins, len(TS)) over the satellites.
    """
    x = ts.astype(np.float64)
    return np.add.reduceat(x, starts, axis=0), x.min(axis=0), x.max(axis=0)


def peak_rss_bytes() -> int:
    """Peak resident memory of this process so far, bytes (``getrusage``; kB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


@dataclass
class Partial:
    """What one partition's stepping leaves: its satellites' accumulators and its share of the fleet series."""

    lo: int
    hi: int
    acc: FloatArray
    par: FloatArray
    acc_failed: np.ndarray
    """Accelerators failed in the run, per satellite (int64)."""
    period_s: FloatArray
    sums: np.ndarray
    mins: np.ndarray
    maxs: np.ndarray
    stepping_s: float
    pid: int
    peak_rss: int
    """Peak resident memory of the process that stepped it, bytes."""
    bins: np.ndarray | None = None
    """Its satellites' time-series bins (n, n_bins, len(TS)) float32, when the run keeps them."""


class Reducer:
    """Folds partitions, in any order of arrival, into the run's arrays (exactly: see the module notes)."""

    def __init__(self, n_parts: int) -> None:
        self.n_parts = n_parts
        self._pending: dict[int, Partial] = {}
        self._next = 0
        self._sum: np.ndarray | None = None
        self._min: np.ndarray | None = None
        self._max: np.ndarray | None = None
        self._parts: list[Partial] = []
        self.rss: dict[int, int] = {}
        """Peak resident memory of each worker process (by process id), bytes."""

    def add(self, i: int, part: Partial) -> None:
        """Take partition ``i``; fold it and every waiting one that now follows in order."""
        self.rss[part.pid] = max(self.rss.get(part.pid, 0), part.peak_rss)
        self._pending[i] = part
        while self._next in self._pending:
            self._fold(self._pending.pop(self._next))
            self._next += 1

    def _fold(self, part: Partial) -> None:
        for block in part.sums:  # block after block, in fleet order
            if self._sum is None:
                self._sum = block.copy()
            else:
                np.add(self._sum, block, out=self._sum)
        self._min = part.mins if self._min is None else np.minimum(self._min, part.mins)
        self._max = part.maxs if self._max is None else np.maximum(self._max, part.maxs)
        part.sums = np.zeros((0, *part.sums.shape[1:]))
        self._parts.append(part)

    def series(self, n: int) -> np.ndarray:
        """Fleet statistics per bin (n_bins, columns as :func:`skyrack.simulate.result.ts_columns`)."""
        if self._next != self.n_parts or self._sum is None or self._min is None or self._max is None:
            raise RuntimeError(f"{self.n_parts - self._next} partitions missing")
        cols = []
        for _, column, stat in _TS_STATS:
            c = int(getattr(kernels.TS, column))
            cols.append({"mean": self._sum[:, c] / n, "min": self._min[:, c], "max": self._max[:, c]}[stat])
        return np.stack(cols, axis=1)

    def per_satellite(self) -> np.ndarray | None:
        """Every satellite's time-series bins in fleet order (n, n_bins, len(TS)), or None if not kept."""
        kept = [p.bins for p in self._parts]
        if not kept or any(b is None for b in kept):
            return None
        return np.concatenate([b for b in kept if b is not None], axis=0)

    def satellites(self) -> tuple[FloatArray, FloatArray, np.ndarray, FloatArray]:
        """Accumulators, parameters, accelerator-failure offsets and nodal periods of every satellite, in order."""
        parts = self._parts
        counts = np.concatenate([p.acc_failed for p in parts])
        off = np.zeros(counts.size + 1, dtype=np.int64)
        off[1:] = np.cumsum(counts)
        return (
            np.concatenate([p.acc for p in parts]),
            np.concatenate([p.par for p in parts]),
            off,
            np.concatenate([p.period_s for p in parts]),
        )


def this_process() -> tuple[int, int]:
    """Process id and its peak resident memory, bytes."""
    return os.getpid(), peak_rss_bytes()
