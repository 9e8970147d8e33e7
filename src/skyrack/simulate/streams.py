"""Random streams keyed by satellite: the draws of a run do not depend on how the fleet is split.

Every draw of a satellite (its failure time, its accelerators' failures, its upset counts)
comes from a stream of its block of fleet numbers, ``fleet_index // BLOCK``, seeded by the
run's seed, the purpose of the draw and the block number through numpy's
:class:`~numpy.random.SeedSequence` (``spawn_key``) [1]_. A partition of the fleet holds
whole blocks, so a satellite gets the same numbers whether the run has one partition or many,
in one process or on a cluster. (In a sampled run a block's stream serves the sampled
satellites of that block in fleet order: the numbers are fixed by the seed and the sample.)

References
----------
.. [1] numpy, "Parallel random number generation" (SeedSequence spawning: independent,
       reproducible streams keyed by a spawn key), numpy.org/doc/stable/reference/random/parallel.html.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np

from ._common import FloatArray

__all__ = ["BLOCK", "FAILURES", "UPSETS", "block_starts", "block_streams", "keyed_poisson"]

BLOCK = 1024
"""Satellites (consecutive fleet numbers) per random stream, and per block of the fleet time-series sums."""
FAILURES, UPSETS = 1, 2
"""Purposes of the streams (the first entry of the spawn key)."""


def block_starts(index: np.ndarray) -> np.ndarray:
    """First row of each block of fleet numbers in the sorted satellite numbers ``index`` (int64)."""
    block = np.asarray(index, dtype=np.int64) // BLOCK
    if block.size == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.concatenate(([True], block[1:] != block[:-1]))).astype(np.int64)


def block_streams(seed: int, purpose: int, index: np.ndarray) -> Iterator[tuple[int, int, np.random.Generator]]:
    """``(row_lo, row_hi, generator)`` for each block of fleet numbers in ``index`` (sorted), in order."""
    index = np.asarray(index, dtype=np.int64)
    starts = block_starts(index)
    ends = np.append(starts[1:], index.size)
    for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
        key = np.random.SeedSequence(int(seed), spawn_key=(purpose, int(index[lo]) // BLOCK))
        yield lo, hi, np.random.Generator(np.random.PCG64(key))


def keyed_poisson(seed: int, index: np.ndarray, expected: Mapping[str, FloatArray]) -> dict[str, np.ndarray]:
    """Poisson counts (int64) of each expected number per satellite, drawn from the satellites' upset streams."""
    out = {name: np.zeros(np.shape(lam), dtype=np.int64) for name, lam in expected.items()}
    for lo, hi, rng in block_streams(seed, UPSETS, index):
        for name, lam in expected.items():
            out[name][lo:hi] = rng.poisson(np.maximum(np.asarray(lam)[lo:hi], 0.0))
    return out
