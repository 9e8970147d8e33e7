"""Monte Carlo propagation of uncertain inputs through the vectorised design pipeline.

Samples are drawn one chunk at a time, chunk ``i`` from its own
:class:`numpy.random.Generator` (PCG64 [1]_) seeded by
``SeedSequence(seed, spawn_key=(i,))`` (the ``i``-th child of
``SeedSequence(seed).spawn``), so chunks are independent of each other and of
the order they run in: on a process pool, on Dask or resumed from a checkpoint,
a run gives the same numbers bit for bit. Each chunk is evaluated by :func:`skyrack.model.design_batch` keeping
only the requested outputs, so memory stays bounded: per output, one buffer of
N values for the percentiles (float64 up to 4,000,000 draws, float32 above,
whose relative precision of 6e-8 is far below the sampling error) plus float64
running sums for the means.

References
----------
.. [1] M. E. O'Neill, "PCG: A family of simple fast space-efficient statistically
   good algorithms for random number generation", Harvey Mudd College,
   HMC-CS-2014-0905, 2014.
.. [2] N. Metropolis and S. Ulam, "The Monte Carlo method", *J. Am. Stat. Assoc.*
   44(247), 335-341, 1949.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .._json import finite_or_none
from ..errors import InputError
from .distributions import Distribution, as_distributions
from .partitions import write_part

Array = npt.NDArray[np.float64]

RATIO = "economics.cost_ratio"
FEASIBILITY = "feasibility.code"
DEFAULT_OUTPUTS: tuple[str, ...] = (
    "economics.usd_per_pflop_day",
    "terrestrial.usd_per_pflop_day",
    RATIO,
    "economics.cost_ratio_infrastructure",
    "breakeven.launch_usd_per_kg",
    "mass.total_kg",
)
QUANTILES = (0.1, 0.5, 0.9)
FLOAT64_LIMIT = 4_000_000
EVAL_CHUNK = 1 << 16  # designs per vectorised evaluation: large enough to amortise, small enough for the cache


@dataclass
class MonteCarloResult:
    """Summary of a Monte Carlo run.

    ``stats`` maps each output to ``{"mean", "p10", "p50", "p90", "valid"}`` over
    feasible draws with finite values (``valid`` counts them).
    ``p_orbit_wins`` is the fraction of all draws that are feasible with
    ``cost_ratio < 1``; ``p_infeasible`` the fraction that are infeasible (counted
    as losses). ``samples`` holds inputs and outputs per draw when kept.
    """

    scenario: str
    n: int
    seed: int
    uncertain: dict[str, Distribution]
    stats: dict[str, dict[str, float]]
    p_orbit_wins: float
    p_infeasible: float
    chunk: int
    samples: Any = None  # pandas.DataFrame when kept
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """JSON-ready summary (NaN as None)."""
        return {
            "scenario": self.scenario,
            "n": self.n,
            "seed": self.seed,
            "chunk": self.chunk,
            "uncertain": {k: d.spec() for k, d in self.uncertain.items()},
            "p_orbit_wins": self.p_orbit_wins,
            "p_infeasible": self.p_infeasible,
            "stats": {k: {s: finite_or_none(v) for s, v in st.items()} for k, st in self.stats.items()},
        }


def _quantiles(values: npt.NDArray[Any], q: Sequence[float] = QUANTILES) -> list[float]:
    """Quantiles of the finite entries (numpy's default linear interpolation); reorders ``values`` in place.

    One partition for all quantiles, with no copy when every entry is finite.
    """
    finite = values[np.isfinite(values)] if not np.isfinite(values).all() else values
    m = finite.size
    if m == 0:
        return [math.nan] * len(q)
    positions = [(m - 1) * p for p in q]
    kth = sorted({k for h in positions for k in (math.floor(h), min(math.floor(h) + 1, m - 1))})
    finite.partition(kth)
    out = []
    for h in positions:
        lo = math.floor(h)
        a = float(finite[lo])
        b = float(finite[min(lo + 1, m - 1)])
        out.append(a + (h - lo) * (b - a))
    return out


def draw(uncertain: Mapping[str, Distribution], n: int, rng: np.random.Generator) -> dict[str, Array]:
    """``n`` draws of every uncertain input, in the mapping's order, from ``rng``."""
    return {name: dist.sample(rng, n) for name, dist in uncertain.items()}


def _ordered_sum(values: Sequence[float]) -> float:
    """Left-to-right sum (the order the chunks were drawn in), the same whatever order they finished in."""
    total = 0.0
    for v in values:
        total += v
    return total


def chunk_rng(seed: int, index: int) -> np.random.Generator:
    """The generator of chunk ``index``: the ``index``-th spawned child of ``SeedSequence(seed)``."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(index,))))


def _mc_task(
    scn: Any,
    dists: Mapping[str, Distribution],
    seed: int,
    index: int,
    m: int,
    wanted: Sequence[str],
    inputs_too: bool,
    summarise: Sequence[str] | None = None,
    dtype: str = "float64",
    out: str | None = None,
) -> dict[str, Any]:
    """Chunk ``index`` of a Monte Carlo run: ``m`` draws' outputs (and inputs if ``inputs_too``), by column.

    With ``summarise`` (output keys), the chunk is reduced where it ran (:func:`_summarise`): a
    worker process then sends back only what the statistics need. With ``out`` too, the draws
    are first written there as partition ``index`` (:func:`~skyrack.analysis.partitions.write_part`),
    whose :class:`~skyrack.analysis.partitions.PartInfo` comes back as ``"__part__"``.
    """
    from ..model import design_batch

    inputs = draw(dists, m, chunk_rng(seed, index))
    values = design_batch(scn, inputs, chunk=EVAL_CHUNK, outputs=list(wanted), on_invalid="infeasible")
    cols: dict[str, Any] = dict(inputs) if inputs_too else {}
    for key in wanted:
        if key not in inputs:
            v = np.asarray(values[key])
            cols[key] = v if v.shape == (m,) else np.array(np.broadcast_to(v, (m,)))
    if summarise is None:
        return cols
    part = write_part(out, index, cols) if out is not None else None
    reduced = _summarise(cols, summarise, dtype)
    return reduced if part is None else {**reduced, "__part__": part}


def _summarise(part: Mapping[str, Any], keys: Sequence[str], dtype: str) -> dict[str, Any]:
    """One chunk's share of the statistics: wins, infeasible draws, per-output sums and counts of
    feasible finite values (float64), and the values themselves (NaN where infeasible) in ``dtype``."""
    feasible = np.asarray(part[FEASIBILITY]) == 0
    ratio = np.asarray(part[RATIO], dtype=np.float64)
    out: dict[str, Any] = {
        "__wins__": int(np.count_nonzero(feasible & (ratio < 1.0))),
        "__infeasible__": int(feasible.size - np.count_nonzero(feasible)),
        "__sums__": {},
        "__counts__": {},
    }
    for key in keys:
        v = np.where(feasible, np.asarray(part[key], dtype=np.float64), np.nan)
        ok = np.isfinite(v)
        out["__sums__"][key] = float(v[ok].sum())
        out["__counts__"][key] = int(ok.sum())
        out[key] = v.astype(dtype, copy=False)
    return out


def monte_carlo(
    scenario: Any,
    uncertain: Mapping[str, Distribution | Mapping[str, Any] | str],
    n: int = 100_000,
    seed: int = 0,
    outputs: Sequence[str] = DEFAULT_OUTPUTS,
    overrides: Sequence[str] = (),
    chunk: int = 1 << 18,
    keep_samples: bool | None = None,
    *,
    executor: Any = None,
    checkpoint: str | Path | None = None,
    resume: bool = False,
    progress: Any = None,
    out: str | Path | None = None,
) -> MonteCarloResult:
    """Propagate input distributions to P10/P50/P90 and means of outputs.

    Parameters
    ----------
    scenario : Scenario or str
        A scenario, preset name or file.
    uncertain : mapping
        ``{parameter: Distribution}`` (or a mapping of its fields, or a
        ``"kind(...)"`` string); parameters are :func:`skyrack.params.resolve`
        names in their canonical units.
    n : int
        Number of draws.
    seed : int
        Root seed: chunk ``i`` draws from ``Generator(PCG64(SeedSequence(seed,
        spawn_key=(i,))))``; the same seed, ``n`` and ``chunk`` give
        bit-identical results on any executor, resumed or not.
    outputs : sequence of str
        Output keys to summarise (``economics.cost_ratio`` and
        ``feasibility.code`` are always evaluated).
    chunk : int
        Draws evaluated at once (memory bound).
    keep_samples : bool, optional
        Keep every draw's inputs and outputs as a DataFrame (default: when
        ``n <= 1,000,000``).
    executor : skyrack.analysis.executor.Executor, optional
        Where chunks run (default: in this process).
    checkpoint : str or path, optional
        Directory keeping every finished chunk's draws and outputs.
    resume : bool
        Continue the run checkpointed in ``checkpoint`` (or written to ``out``).
    progress : callable, optional
        ``progress(chunks_done, chunks_total)``.
    out : str or path, optional
        Directory where each chunk writes its draws (inputs and outputs) as a
        Parquet partition (:mod:`skyrack.analysis.partitions`); chunks then send
        back only their reductions, and ``extra["partitions"]`` describes the
        directory. Not with ``checkpoint`` or ``keep_samples``.

    Returns
    -------
    MonteCarloResult

    References
    ----------
    .. [1] N. Metropolis and S. Ulam, "The Monte Carlo method", *J. Am. Stat.
       Assoc.* 44(247), 335-341, 1949.
    """
    from ..model import as_scenario
    from .executor import run_chunks

    if n < 1:
        raise InputError("n", n, "the number of draws must be at least 1")
    if chunk < 1:
        raise InputError("chunk", chunk, "must be at least 1")
    scn = as_scenario(scenario, overrides)
    dists = as_distributions(uncertain)
    if not dists:
        raise InputError("uncertain", {}, "give at least one uncertain parameter")
    keep = (n <= 1_000_000 and out is None) if keep_samples is None else keep_samples
    wanted = list(dict.fromkeys([*outputs, RATIO, FEASIBILITY]))
    acc = _Accumulator(n, chunk, [k for k in outputs if k != FEASIBILITY], keep)
    if out is not None:
        return _monte_carlo_to_directory(
            scn, dists, acc, seed, wanted, Path(out), executor, checkpoint, resume, progress
        )
    inputs_too = keep or checkpoint is not None
    reduce_in_task = None if inputs_too else acc.keys  # checkpoints and kept samples need every raw column
    tasks = [
        (_mc_task, (scn, dists, seed, i, acc.size(i), wanted, inputs_too, reduce_in_task, acc.dtype.__name__))
        for i in range(len(acc.starts))
    ]
    store = _checkpoint(checkpoint, resume, len(tasks), scn, dists, n, seed, chunk, wanted)
    run_chunks(tasks, executor, store, progress, consume=acc.take)
    samples = acc.samples([*dists, *(k for k in wanted if k not in dists)]) if keep else None
    return _result(scn, dists, acc, seed, samples)


def _result(scn: Any, dists: dict[str, Distribution], acc: _Accumulator, seed: int, samples: Any) -> MonteCarloResult:
    return MonteCarloResult(
        scenario=scn.name,
        n=acc.n,
        seed=seed,
        uncertain=dists,
        stats=acc.stats(),
        p_orbit_wins=acc.wins / acc.n,
        p_infeasible=acc.infeasible / acc.n,
        chunk=acc.chunk,
        samples=samples,
    )


def _monte_carlo_to_directory(
    scn: Any,
    dists: dict[str, Distribution],
    acc: _Accumulator,
    seed: int,
    wanted: list[str],
    out: Path,
    executor: Any,
    checkpoint: str | Path | None,
    resume: bool,
    progress: Any,
) -> MonteCarloResult:
    """A run whose chunks write their draws to ``out`` and send back their reductions."""
    from .executor import run_chunks
    from .partitions import OutputDirectory, Partitions

    if checkpoint is not None:
        raise InputError("--checkpoint", str(checkpoint), "not with --out DIR: its partitions resume a killed run")
    if acc.keep:
        raise InputError("keep_samples", True, "not with out: the draws are in the directory")
    run = _run_description(scn, dists, acc.n, seed, acc.chunk, wanted)
    directory = OutputDirectory(out, run, len(acc.starts), resume=resume)
    parts = directory.done() if resume else {}
    for index in sorted(parts):  # finished before a kill: reduced again from their draws on disk
        acc.take(index, directory.read(index))
    todo = [i for i in range(len(acc.starts)) if i not in parts]
    tasks = [
        (_mc_task, (scn, dists, seed, i, acc.size(i), wanted, True, acc.keys, acc.dtype.__name__, str(out)))
        for i in todo
    ]

    def take(index: int, part: dict[str, Any]) -> None:
        info = part["__part__"]
        parts[info.index] = info
        acc.take(info.index, part)

    run_chunks(tasks, executor, None, progress, consume=take)
    result = _result(scn, dists, acc, seed, None)
    columns = [*dists, *(k for k in wanted if k not in dists)]
    result.extra["partitions"] = Partitions(out, columns, [parts[i] for i in range(len(acc.starts))])
    return result


def _checkpoint(
    checkpoint: str | Path | None,
    resume: bool,
    tasks: int,
    scn: Any,
    dists: Mapping[str, Distribution],
    n: int,
    seed: int,
    chunk: int,
    wanted: Sequence[str],
) -> Any:
    """The checkpoint store of a run (None without ``checkpoint``): the run's description pins its chunks."""
    from .executor import Checkpoint

    if checkpoint is None:
        return None
    return Checkpoint(checkpoint, _run_description(scn, dists, n, seed, chunk, wanted), tasks, resume=resume)


def _run_description(
    scn: Any, dists: Mapping[str, Distribution], n: int, seed: int, chunk: int, wanted: Sequence[str]
) -> dict[str, Any]:
    """Everything that determines a run's draws and outputs (hashed into checkpoints and output directories)."""
    return {
        "kind": "montecarlo",
        "scenario": json.loads(scn.model_dump_json()),
        "uncertain": {k: d.spec() for k, d in dists.items()},
        "n": n,
        "seed": seed,
        "chunk": chunk,
        "outputs": list(wanted),
    }


class _Accumulator:
    """Gathers chunks in any order into per-output buffers, order-exact sums and counts, and tallies."""

    def __init__(self, n: int, chunk: int, keys: Sequence[str], keep: bool) -> None:
        self.n, self.chunk, self.keys, self.keep = n, chunk, list(keys), keep
        self.starts = list(range(0, n, chunk))
        self.dtype: type[np.floating[Any]] = np.float64 if n <= FLOAT64_LIMIT else np.float32
        self.buffers = {k: np.empty(n, dtype=self.dtype) for k in self.keys}
        self.part_sums = {k: [0.0] * len(self.starts) for k in self.keys}  # added in chunk order: order-exact
        self.counts = dict.fromkeys(self.keys, 0)
        self.wins = self.infeasible = 0
        self.frames: list[Any] = [None] * len(self.starts)

    def size(self, index: int) -> int:
        return min(self.chunk, self.n - self.starts[index])

    def take(self, index: int, part: Any) -> None:
        raw = part
        if "__sums__" not in part:  # a raw chunk (kept samples, checkpoints): reduce it here, identically
            part = _summarise(raw, self.keys, self.dtype.__name__)
        start, m = self.starts[index], self.size(index)
        self.wins += part["__wins__"]
        self.infeasible += part["__infeasible__"]
        for key, buf in self.buffers.items():
            buf[start : start + m] = part[key]
            self.part_sums[key][index] = part["__sums__"][key]
            self.counts[key] += part["__counts__"][key]
        if self.keep:
            self.frames[index] = raw

    def stats(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for key, buf in self.buffers.items():
            p10, p50, p90 = _quantiles(buf)
            count = self.counts[key]
            mean = _ordered_sum(self.part_sums[key]) / count if count else math.nan
            out[key] = {"mean": mean, "p10": p10, "p50": p50, "p90": p90, "valid": float(count)}
        return out

    def samples(self, columns: Sequence[str]) -> Any:
        import pandas as pd

        return pd.DataFrame({k: np.concatenate([np.asarray(f[k]) for f in self.frames]) for k in columns})
